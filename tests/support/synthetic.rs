//! Synthetic knowledge bases of any size, for the benchmarks and the calibration tests.
//!
//! Entries are made of pseudo-words and, with `real_words`, of words from the shipped knowledge,
//! so that a real word's frequency grows with the synthetic knowledge as it would with real
//! entries. The generator is deterministic: the same arguments give the same knowledge.

#![allow(dead_code)]

/// A small deterministic generator (xorshift64*), so that no test depends on a random crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "sa", "do", "fu", "gi", "ha", "ju", "be", "co", "ly", "qua",
    "xe",
];

/// A pseudo-word; low ranks are common, as in real text (a Zipf-like draw).
fn pseudo_word(rng: &mut Rng, vocabulary: usize) -> String {
    let rank = (rng.below(vocabulary) * rng.below(vocabulary)) / vocabulary;
    let mut n = rank + vocabulary;
    let mut word = String::new();
    while n > 0 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word
}

fn sentence(rng: &mut Rng, words: usize, real_words: &[String]) -> String {
    (0..words)
        .map(|_| {
            if !real_words.is_empty() && rng.below(3) == 0 {
                real_words[rng.below(real_words.len())].clone()
            } else {
                pseudo_word(rng, 5000)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `[[qa]]` entries as TOML, citing endnotes 1..=`endnotes`.
pub fn qa_entries(count: usize, seed: u64, endnotes: u32, real_words: &[String]) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    for i in 0..count {
        let unique = format!("zq{i}x");
        out.push_str(&format!(
            "[[qa]]\nid = \"synthetic-{seed}-{i}\"\nquestion = \"{} {unique}?\"\nalternates = [\"{} {unique}a\", \"{} {unique}b\", \"{} {unique}c\"]\nanswer = \"{}.\"\nendnotes = [{}]\n\n",
            sentence(&mut rng, 6, real_words),
            sentence(&mut rng, 5, real_words),
            sentence(&mut rng, 4, real_words),
            sentence(&mut rng, 7, real_words),
            sentence(&mut rng, 40, real_words),
            1 + rng.below(endnotes as usize),
        ));
    }
    out
}

/// A whole synthetic paper folder's files (paper, one endnote, `count` entries).
pub fn paper(count: usize, seed: u64) -> Vec<(&'static str, String)> {
    let paper = "[paper]\nid = \"synthetic\"\ntitle = \"Synthetic\"\nauthor = \"A\"\naffiliation = \"B\"\nseries = \"C\"\n\
                 publisher = \"D\"\ndate = \"2021\"\nlicence = \"E\"\nauthor_bio = \"F\"\nendnote_count = 1\n";
    let endnote = "[[endnote]]\nnumber = 1\ncitation = \"A source.\"\ncited_for = \"Everything.\"\n";
    vec![
        ("paper.toml", paper.to_owned()),
        ("endnotes.toml", endnote.to_owned()),
        ("qa.toml", qa_entries(count, seed, 1, &[])),
    ]
}
