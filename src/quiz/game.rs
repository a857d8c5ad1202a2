//! A quiz game: its rounds, each student's first answer in a round, the reveals and the scores.
//! No clock and no messages: the CLI and the Discord adapter drive those.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::choices::{Choices, choices};
use super::grading::{Verdict, grade_question};
use super::questions::Question;
use crate::matcher::Matcher;

/// A student's answer in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answered {
    pub user: u64,
    pub correct: bool,
    /// Some of the key facts, none wrong: not counted as right, but told as partly right.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partly: bool,
}

/// A student's score in one game.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub right: u32,
    pub answered: u32,
}

/// What became of an answer handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Counted (right or wrong is told at the reveal).
    Counted,
    /// Only a student's first answer in a round counts.
    AlreadyAnswered,
    /// Not an option of this question.
    NoSuchOption,
}

/// How a round ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reveal {
    pub question: Question,
    pub choices: Option<Choices>,
    /// In the order they answered.
    pub answers: Vec<Answered>,
    /// 1-based.
    pub round: usize,
    pub rounds: usize,
}

/// A quiz in progress: its questions, the current round's answers, and the scores so far.
///
/// It serialises whole (each question's context too), so that a quiz can live in the state
/// database between the answers and the reveal, whichever replica of the bot handles each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "Stored", from = "Stored")]
pub struct Game {
    rounds: Vec<(Question, Option<Choices>)>,
    round: usize,
    answers: Vec<Answered>,
    scores: BTreeMap<u64, Score>,
}

/// A game as the state database keeps it (JSON).
#[derive(Serialize, Deserialize)]
struct Stored {
    rounds: Vec<StoredRound>,
    round: usize,
    answers: Vec<Answered>,
    scores: Vec<(u64, Score)>,
}

#[derive(Serialize, Deserialize)]
struct StoredRound {
    question: Question,
    /// [`Question::context`], which the question's own serialisation leaves out.
    context: Vec<String>,
    choices: Option<Choices>,
}

impl From<Game> for Stored {
    fn from(game: Game) -> Stored {
        let rounds = game
            .rounds
            .into_iter()
            .map(|(mut question, choices)| {
                let context = std::mem::take(&mut question.context).into_iter().collect();
                StoredRound { question, context, choices }
            })
            .collect();
        Stored { rounds, round: game.round, answers: game.answers, scores: game.scores.into_iter().collect() }
    }
}

impl From<Stored> for Game {
    fn from(stored: Stored) -> Game {
        let rounds = stored
            .rounds
            .into_iter()
            .map(|StoredRound { mut question, context, choices }| {
                question.context = context.into_iter().collect();
                (question, choices)
            })
            .collect();
        Game { rounds, round: stored.round, answers: stored.answers, scores: stored.scores.into_iter().collect() }
    }
}

impl Game {
    /// The game as JSON, for the state database.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A game [`Game::to_json`] wrote; None if the JSON is not one (written by another version).
    pub fn from_json(json: &str) -> Option<Game> {
        serde_json::from_str::<Game>(json).ok().filter(|g| !g.rounds.is_empty() && g.round <= g.rounds.len())
    }

    /// A game over these questions; with `matcher`, each comes with multiple-choice options, and
    /// a question that cannot have fair ones (see [`choices`]) is left out.
    pub fn new(questions: Vec<Question>, multiple_choice: Option<&Matcher>, seed: u64) -> Game {
        let rounds = questions
            .into_iter()
            .enumerate()
            .filter_map(|(i, q)| match multiple_choice {
                None => Some((q, None)),
                Some(m) => {
                    let choices = choices(m, &q, seed.wrapping_add(i as u64 * 7))?;
                    Some((q, Some(choices)))
                }
            })
            .collect();
        Game { rounds, round: 0, answers: Vec::new(), scores: BTreeMap::new() }
    }

    pub fn question(&self) -> &Question {
        &self.rounds[self.round].0
    }

    pub fn choices(&self) -> Option<&Choices> {
        self.rounds[self.round].1.as_ref()
    }

    /// The current round, from 1.
    pub fn round(&self) -> usize {
        self.round + 1
    }

    pub fn rounds(&self) -> usize {
        self.rounds.len()
    }

    /// A typed answer.
    pub fn answer(&mut self, user: u64, typed: &str) -> Submitted {
        let verdict = grade_question(self.question(), typed).verdict;
        self.submit(user, verdict == Verdict::Right, verdict == Verdict::Partly)
    }

    /// A multiple-choice pick (from 0).
    pub fn pick(&mut self, user: u64, option: usize) -> Submitted {
        let Some(choices) = self.choices() else { return Submitted::NoSuchOption };
        if option >= choices.options.len() {
            return Submitted::NoSuchOption;
        }
        let correct = option == choices.correct;
        self.submit(user, correct, false)
    }

    fn submit(&mut self, user: u64, correct: bool, partly: bool) -> Submitted {
        if self.answers.iter().any(|a| a.user == user) {
            return Submitted::AlreadyAnswered;
        }
        self.answers.push(Answered { user, correct, partly });
        let score = self.scores.entry(user).or_default();
        score.answered += 1;
        score.right += u32::from(correct);
        Submitted::Counted
    }

    /// Ends the current round; the next begins if there is one (see [`Game::finished`]).
    pub fn reveal(&mut self) -> Reveal {
        let (question, choices) = self.rounds[self.round].clone();
        let reveal = Reveal {
            question,
            choices,
            answers: std::mem::take(&mut self.answers),
            round: self.round + 1,
            rounds: self.rounds.len(),
        };
        self.round = (self.round + 1).min(self.rounds.len());
        reveal
    }

    /// Whether every round has been revealed.
    pub fn finished(&self) -> bool {
        self.round >= self.rounds.len()
    }

    /// The scores so far, best first.
    pub fn scores(&self) -> Vec<(u64, Score)> {
        let mut scores: Vec<(u64, Score)> = self.scores.iter().map(|(u, s)| (*u, *s)).collect();
        scores.sort_by_key(|(user, s)| (std::cmp::Reverse(s.right), s.answered, *user));
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::testing::{kb, matcher, question};
    use crate::quiz::{Asks, OPTIONS};

    #[test]
    fn a_game_counts_first_answers_and_keeps_scores() {
        let kb = kb();
        let rounds = vec![
            question(&kb, "full-functional-connection", Asks::Answer),
            question(&kb, "public-core-norm", Asks::Proposer),
        ];
        let mut game = Game::new(rounds, None, 1);
        assert_eq!((game.round(), game.rounds()), (1, 2));
        assert_eq!(game.answer(1, "20 april 1994 via sprnt"), Submitted::Counted);
        assert_eq!(game.answer(1, "something else"), Submitted::AlreadyAnswered);
        assert_eq!(game.answer(2, "1995"), Submitted::Counted);
        let reveal = game.reveal();
        assert_eq!(
            reveal.answers,
            [Answered { user: 1, correct: true, partly: false }, Answered { user: 2, correct: false, partly: false }]
        );
        assert!(!game.finished());
        assert_eq!(game.answer(2, "gcsc"), Submitted::Counted);
        game.reveal();
        assert!(game.finished());
        assert_eq!(game.scores(), [(1, Score { right: 1, answered: 1 }), (2, Score { right: 1, answered: 2 })]);
    }

    #[test]
    fn picks_are_checked_against_the_options() {
        let (kb, matcher) = (kb(), matcher());
        let mut game = Game::new(vec![question(&kb, "great-firewall-2003", Asks::Answer)], Some(&matcher), 2);
        let right = game.choices().unwrap().correct;
        assert_eq!(game.pick(1, 9), Submitted::NoSuchOption);
        assert_eq!(game.pick(1, right), Submitted::Counted);
        assert_eq!(game.pick(2, (right + 1) % OPTIONS), Submitted::Counted);
        let reveal = game.reveal();
        assert_eq!(reveal.answers.iter().map(|a| a.correct).collect::<Vec<_>>(), [true, false]);
    }

    #[test]
    fn a_game_stored_as_json_plays_on_as_the_same_game() {
        let (kb, matcher) = (kb(), matcher());
        let rounds = vec![
            question(&kb, "great-firewall-2003", Asks::Answer),
            question(&kb, "full-functional-connection", Asks::Answer),
        ];
        let mut game = Game::new(rounds.clone(), Some(&matcher), 3);
        let right = game.choices().unwrap().correct;
        assert_eq!(game.pick(5, right), Submitted::Counted);
        let mut stored = Game::from_json(&game.to_json()).expect("read back");
        assert_eq!(stored, game, "the whole game, each question's context too");
        assert_eq!(stored.pick(5, right), Submitted::AlreadyAnswered);
        assert_eq!(stored.reveal(), game.reveal());
        // Grading needs the context (a number the entry never gives is wrong): typed answers too.
        let mut typed = Game::new(rounds, None, 3);
        typed.reveal();
        let mut typed = Game::from_json(&typed.to_json()).unwrap();
        assert!(!typed.question().context.is_empty());
        assert_eq!(typed.answer(1, "20 april 1994 via sprnt"), Submitted::Counted);
        assert!(typed.reveal().answers[0].correct);
        assert_eq!(Game::from_json("{}"), None);
        assert_eq!(Game::from_json("not json"), None);
    }
}
