//! Names of countries, organisations and people, found in folded words.
//!
//! A fact the paper gives about China is not a fact about Germany, however many words a
//! question about Germany shares with it. To tell them apart the matcher needs to know which
//! words are names, and which names are one entity ("Britain", "the UK", "British"). The list
//! (`gazetteer.txt`) is general knowledge of the world, not of the paper; the paper's own
//! aliases are declared by moderators in the knowledge and read before this.

use std::sync::OnceLock;

use super::phrases::PhraseTable;

/// What kind of entity a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Place,
    Org,
    Person,
    /// A city, within a place: what the paper says of Beijing is no answer about Shanghai,
    /// though both are China, and a question about China is answered by what it says of Beijing.
    City,
    /// A school of thought or belief: a question about Mohism is not answered by what the
    /// paper says of Confucianism.
    School,
    /// A name that is none of those but would be read as one: "US dollars" is no country.
    Other,
}

/// An entity, as an index into the gazetteer.
pub type EntityId = u16;

/// A name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub entity: EntityId,
    /// The first word of the name, and how many words it has.
    pub start: usize,
    pub len: usize,
}

#[derive(Debug)]
pub struct Gazetteer {
    /// The name shown in a reply ("the United States") and the class, by entity.
    entities: Vec<(String, Class)>,
    /// The place a city is in, by entity.
    within: Vec<Option<EntityId>>,
    /// A folded name ("united states") -> its entity.
    names: PhraseTable<EntityId>,
}

impl Gazetteer {
    /// The built-in list.
    pub fn builtin() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(|| Gazetteer::parse(include_str!("gazetteer.txt")))
    }

    fn parse(text: &str) -> Gazetteer {
        let mut gazetteer = Gazetteer { entities: Vec::new(), within: Vec::new(), names: PhraseTable::default() };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut fields = line.split('|').map(str::trim);
            let (Some(class), Some(shown), Some(names)) = (fields.next(), fields.next(), fields.next()) else {
                panic!("gazetteer.txt: a line needs three fields: {line}");
            };
            let class = match class {
                "place" => Class::Place,
                "org" => Class::Org,
                "person" => Class::Person,
                "city" => Class::City,
                "school" => Class::School,
                "other" => Class::Other,
                other => panic!("gazetteer.txt: unknown class {other:?}"),
            };
            // A city's fourth field is the place it is in, listed before it.
            let within = fields.next().map(|place| {
                let found = gazetteer.entities.iter().position(|(name, class)| name == place && *class == Class::Place);
                found.unwrap_or_else(|| panic!("gazetteer.txt: no place {place:?} listed before {shown:?}")) as EntityId
            });
            let id = gazetteer.entities.len() as EntityId;
            gazetteer.entities.push((shown.to_owned(), class));
            gazetteer.within.push(within);
            for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                // A Chinese name is cut into words as a question's Chinese is (中国 共产党).
                if name.chars().any(crate::text::chinese::is_han) {
                    gazetteer.names.insert(&crate::text::fold(name), id);
                } else {
                    gazetteer.names.insert(name, id);
                }
            }
        }
        gazetteer
    }

    /// "indias" -> "india": a one-word name with an "s" and no apostrophe.
    fn possessive<'w>(&self, word: &'w str) -> Option<&'w str> {
        let name = word.strip_suffix('s').filter(|n| n.len() >= 4 && !self.names.starts_a_name(word))?;
        self.names.is_name(name).then_some(name)
    }

    pub fn class(&self, id: EntityId) -> Class {
        self.entities[id as usize].1
    }

    /// The place a city is in.
    pub fn within(&self, id: EntityId) -> Option<EntityId> {
        self.within[id as usize]
    }

    /// The entity's name as a reply shows it.
    pub fn shown(&self, id: EntityId) -> &str {
        &self.entities[id as usize].0
    }

    /// Whether one folded word is a name, as [`Gazetteer::find`] would find it alone: looked
    /// up without building a list (the verdict asks this of each question word, for each entry
    /// it weighs).
    pub fn is_name(&self, word: &str) -> bool {
        self.names.is_name(self.possessive(word).unwrap_or(word))
    }

    /// The names in a text's folded words, leftmost first, each the longest that starts there.
    /// A one-word name with a possessive "s" and no apostrophe ("indias gdp") is that name.
    pub fn find<S: AsRef<str>>(&self, words: &[S]) -> Vec<Found> {
        let mut read: Option<Vec<&str>> = None;
        for (i, word) in words.iter().enumerate() {
            if let Some(name) = self.possessive(word.as_ref()) {
                read.get_or_insert_with(|| words.iter().map(AsRef::as_ref).collect())[i] = name;
            }
        }
        let found = match &read {
            Some(read) => self.names.find(read),
            None => self.names.find(words),
        };
        found.into_iter().map(|f| Found { entity: *f.value, start: f.start, len: f.len }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        let g = Gazetteer::builtin();
        let words = crate::text::words(text);
        g.find(&words).into_iter().map(|f| g.shown(f.entity)).collect()
    }

    #[test]
    fn one_entity_has_many_names_and_the_longest_name_wins() {
        assert_eq!(names("British and UK views of Britain"), ["the United Kingdom"; 3]);
        assert_eq!(names("the Shanghai Cooperation Organization and Shanghai"), ["the SCO", "Shanghai"]);
        assert_eq!(names("The Hague Centre for Strategic Studies"), ["HCSS"]);
        assert_eq!(names("what did Obama and Xi Jinping agree"), ["Barack Obama", "Xi Jinping"]);
        assert!(names("what is the public core of the internet").is_empty());
        assert_eq!(names("mohist or confucian, daoism or buddhism"), ["Mohism", "Confucianism", "Taoism", "Buddhism"]);
        assert_eq!(names("墨家 儒家 台湾 香港"), ["Mohism", "Confucianism", "Taiwan", "Hong Kong"]);
        assert_eq!(names("beijing and shanghai, 深圳"), ["Beijing", "Shanghai", "Shenzhen"]);
        let g = Gazetteer::builtin();
        let beijing = g.find(&["beijing"])[0].entity;
        assert_eq!(g.within(beijing).map(|p| g.shown(p)), Some("China"));
        assert_eq!(g.within(g.find(&["china"])[0].entity), None);
        assert_eq!(names("what share of indias gdp and vietnams"), ["India", "Vietnam"]);
        assert_eq!(names("paris and texas"), ["France"]);
        assert_eq!(
            names("worth 6 trillion usd or usa dollars in the usa"),
            ["US dollars", "US dollars", "the United States"]
        );
    }

    #[test]
    fn every_line_of_the_list_is_read() {
        let g = Gazetteer::builtin();
        let lines = include_str!("gazetteer.txt").lines().filter(|l| l.contains('|') && !l.starts_with('#')).count();
        assert_eq!(g.entities.len(), lines);
        assert_eq!(g.class(g.find(&["germany"])[0].entity), Class::Place);
    }

    #[test]
    fn a_word_is_a_name_as_found_alone() {
        let g = Gazetteer::builtin();
        for word in ["germany", "indias", "india", "the", "shanghai", "cooperation", "中国", "usa", "us", "xi", "s", ""]
        {
            assert_eq!(g.is_name(word), !g.find(&[word]).is_empty(), "{word}");
        }
    }
}
