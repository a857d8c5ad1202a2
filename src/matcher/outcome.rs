//! What the matcher makes of a question: an answer, a "did you mean", or "not in the paper",
//! and the thresholds that decide between them. Kept apart from the scoring so that the CLI, the
//! bot and the tuning example decide the same way from the same ranked candidates.

use serde::{Deserialize, Serialize};

use super::Disagreement;

/// When an answer is given, offered as "did you mean", or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// A best score at least this high is answered (unless another entry is within `margin`).
    pub answer: f32,
    /// Entries scoring at least this, within `margin` of the best, are offered as "did you mean".
    pub ambiguous: f32,
    /// How close two scores must be for the question to count as ambiguous.
    pub margin: f32,
    /// A best score at least this high is answered even when others are close.
    pub sure: f32,
    /// A best score of at least `ambiguous` is answered when it leads every other topic by this.
    pub lead: f32,
    /// The least score of a suggestion shown with "not in the paper".
    pub suggest: f32,
    /// How much lower `answer` and `ambiguous` are for a question in Chinese: it is matched
    /// through the knowledge's Chinese names and phrasings, and its everyday words, which no
    /// entry uses, count against every entry, so a right entry scores lower than in English.
    pub chinese: f32,
}

impl Thresholds {
    /// The thresholds for a question in Chinese.
    pub fn for_chinese(&self) -> Thresholds {
        Thresholds { answer: self.answer - self.chinese, ambiguous: self.ambiguous - self.chinese, ..*self }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { answer: 0.36, ambiguous: 0.31, margin: 0.01, sure: 0.7, lead: 0.12, suggest: 0.25, chinese: 0.06 }
    }
}

/// An entry and its score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    /// Index into [`KnowledgeBase::entries`].
    pub entry: usize,
    pub score: f32,
}

/// What the matcher makes of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// One entry answers it.
    Answered { entry: usize, score: f32, runners_up: Vec<Candidate> },
    /// Two or three entries fit about equally well: ask which one was meant.
    Ambiguous { candidates: Vec<Candidate> },
    /// Nothing in the paper answers it; maybe one of these is close. `not_given` is set when
    /// the best entry shares the question's words but gives its fact for something else (another
    /// country, year, number) or not the kind asked for (no number, no date).
    NoMatch { suggestions: Vec<Candidate>, not_given: Option<NotGiven> },
}

/// The entry that came closest to a question it does not answer, and why it does not.
#[derive(Debug, Clone, PartialEq)]
pub struct NotGiven {
    pub entry: usize,
    pub why: Disagreement,
}

/// The kind of an outcome, as replies, the state database and truth-file scoring name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Answered,
    Ambiguous,
    NoMatch,
}

impl Status {
    /// The name written in `ask --json` and kept in the state database.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Ambiguous => "ambiguous",
            Status::NoMatch => "no_match",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Outcome {
    pub fn status(&self) -> Status {
        match self {
            Outcome::Answered { .. } => Status::Answered,
            Outcome::Ambiguous { .. } => Status::Ambiguous,
            Outcome::NoMatch { .. } => Status::NoMatch,
        }
    }

    /// The best score behind the outcome (0 when nothing matched at all).
    pub fn score(&self) -> f32 {
        match self {
            Outcome::Answered { score, .. } => *score,
            Outcome::Ambiguous { candidates } => candidates.first().map_or(0.0, |c| c.score),
            Outcome::NoMatch { suggestions, .. } => suggestions.first().map_or(0.0, |c| c.score),
        }
    }
}

/// The closest topics offered with "not in the paper".
pub(super) fn suggestions(ranked: &[Candidate], t: &Thresholds) -> Vec<Candidate> {
    ranked.iter().take(3).copied().filter(|c| c.score >= t.suggest).collect()
}

/// Turns ranked candidates into an outcome under some thresholds. Only entries that are not
/// `akin` to the best one make a question ambiguous.
pub fn decide(ranked: &[Candidate], t: &Thresholds, akin: impl Fn(usize, usize) -> bool) -> Outcome {
    let Some(&best) = ranked.first() else { return Outcome::NoMatch { suggestions: Vec::new(), not_given: None } };
    let close: Vec<Candidate> = ranked
        .iter()
        .take(3)
        .copied()
        .filter(|c| c.score >= t.ambiguous && best.score - c.score <= t.margin)
        .filter(|c| c.entry == best.entry || !akin(best.entry, c.entry))
        .collect();
    // A best entry clearly ahead of every other topic is answered even with a modest score.
    let rival = ranked.iter().skip(1).take(2).find(|c| !akin(best.entry, c.entry)).map_or(0.0, |c| c.score);
    let leads = best.score >= t.ambiguous && best.score - rival >= t.lead;
    if (best.score >= t.answer || leads) && (close.len() < 2 || best.score >= t.sure) {
        let runners_up = ranked.iter().skip(1).take(3).copied().filter(|c| c.score >= t.suggest).collect();
        Outcome::Answered { entry: best.entry, score: best.score, runners_up }
    } else if close.len() >= 2 {
        Outcome::Ambiguous { candidates: close }
    } else {
        Outcome::NoMatch { suggestions: suggestions(ranked, t), not_given: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_question_is_answered_from_a_lower_score() {
        let t = Thresholds::default();
        // A rival not far behind: the best does not lead by enough to be answered for that.
        let score = t.answer - t.chinese / 2.0;
        let ranked = [Candidate { entry: 0, score }, Candidate { entry: 1, score: score - 0.05 }];
        let apart = |_: usize, _: usize| false;
        assert!(matches!(decide(&ranked, &t, apart), Outcome::NoMatch { .. }));
        assert!(matches!(decide(&ranked, &t.for_chinese(), apart), Outcome::Answered { .. }));
        let score = t.answer - t.chinese * 1.5;
        let below = [Candidate { entry: 0, score }, Candidate { entry: 1, score: score - 0.05 }];
        assert!(matches!(decide(&below, &t.for_chinese(), apart), Outcome::NoMatch { .. }));
    }
}
