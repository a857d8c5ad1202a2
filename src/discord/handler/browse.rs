//! Browsing: the commands that only read the paper (`/norm`, `/source`, `/topics`, `/compare`,
//! `/timeline`, `/about`, `/help`), their autocomplete and the buttons that open an entry, a
//! section or a page of the timeline. Nothing here writes anywhere: each answer is built from the
//! knowledge current when the interaction arrived. The plain commands share one dispatch by name,
//! so `/ask`'s options are read here too and handed to [`Session::ask`].

use serenity::all::{
    AutocompleteChoice, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind,
    CreateAutocompleteResponse, CreateInteractionResponse,
};

use super::ask::Asker;
use super::{Session, render, study_view};
use crate::discord::command::Command;
use crate::discord::component::ComponentId;
use crate::knowledge::EntryKind;
use crate::reply::Language;

impl Session<'_> {
    /// The commands that only read the paper, and `/ask`.
    pub(super) fn command(&self, command: &CommandInteraction, parsed: Command) -> CreateInteractionResponse {
        match parsed {
            Command::Ask { question, private } => {
                let asker = Asker {
                    user: command.user.id,
                    guild: command.guild_id.map(|g| g.get()),
                    channel: Some(command.channel_id.get()),
                    locale: Language::of_locale(&command.locale),
                };
                let private = private.unwrap_or(self.handler.config.private_by_default);
                self.ask(asker, &question, private).interaction()
            }
            Command::Norm { name } => match self.find_card(&name) {
                Some(id) => self.open(&id),
                None => render::notice("I don't know that norm or initiative. Pick one from the list as you type."),
            },
            Command::Source { number } => match number.and_then(|n| self.kb().endnote(n)) {
                Some(endnote) => render::source(self.kb(), endnote),
                None => render::notice(&format!("The paper's endnotes run from 1 to {}.", self.kb().endnotes().len())),
            },
            Command::Topics { section: Some(id) } => {
                render::section(self.kb(), &id).unwrap_or_else(|| render::topics(self.kb()))
            }
            Command::Topics { section: None } => render::topics(self.kb()),
            Command::Compare { a, b } => {
                let found = |name: &str| self.find_card(name).and_then(|id| self.kb().entry(&id));
                match (found(&a), found(&b)) {
                    (Some(a), Some(b)) if a.id == b.id => render::notice("Pick two different norms or initiatives."),
                    (Some(a), Some(b)) => study_view::compare(self.kb(), &crate::compare::compare(self.kb(), a, b)),
                    _ => render::notice(
                        "I don't know one of those. Pick norms or initiatives from the list as you type.",
                    ),
                }
            }
            Command::Timeline { from, to } => {
                study_view::timeline(self.kb(), &crate::timeline::page(self.kb(), from, to, 0), false)
            }
            Command::About => render::about(self.kb()),
            Command::Help => render::help(self.kb()),
            _ => render::notice(&format!("I don't know the command /{}.", render::quote_user_text(&command.data.name))),
        }
    }

    /// A card's id from what the student picked or typed (an id from the list, or a name).
    fn find_card(&self, name: &str) -> Option<String> {
        let cards = |e: &&crate::knowledge::Entry| e.kind != EntryKind::Qa;
        if let Some(entry) = self.kb().entry(name).filter(cards) {
            return Some(entry.id.clone());
        }
        self.matcher.rank(name).into_iter().map(|c| self.matcher.entry(c.entry)).find(cards).map(|e| e.id.clone())
    }

    fn open(&self, id: &str) -> CreateInteractionResponse {
        match self.kb().entry(id) {
            Some(entry) => render::open(self.kb(), entry),
            None => render::notice("That entry is no longer in the knowledge base; please ask again."),
        }
    }

    pub(super) fn autocomplete(&self, command: &CommandInteraction) -> CreateInteractionResponse {
        let Some(focused) = command.data.autocomplete() else {
            return CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new());
        };
        let typed = crate::text::fold(focused.value);
        let choices: Vec<AutocompleteChoice> = match command.data.name.as_str() {
            "norm" | "compare" => self
                .kb()
                .entries()
                .iter()
                .filter(|e| e.kind != EntryKind::Qa)
                .filter(|e| typed.is_empty() || e.phrasings.iter().any(|p| crate::text::fold(p).contains(&typed)))
                .take(render::MAX_OPTIONS)
                .map(|e| AutocompleteChoice::new(render::clip(&e.title, render::MAX_OPTION_TEXT), e.id.clone()))
                .collect(),
            "source" => self
                .kb()
                .endnotes()
                .iter()
                .filter(|e| {
                    typed.is_empty()
                        || e.number.to_string().starts_with(&typed)
                        || crate::text::fold(&e.citation).contains(&typed)
                })
                .take(render::MAX_OPTIONS)
                .map(|e| {
                    AutocompleteChoice::new(
                        render::clip(&format!("{}. {}", e.number, e.short_citation()), render::MAX_OPTION_TEXT),
                        e.number,
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
    }

    /// A button or menu of the browsing views: open an entry, a section or a timeline page.
    pub(super) fn component(&self, component: &ComponentInteraction, id: ComponentId) -> CreateInteractionResponse {
        let chosen = match &component.data.kind {
            ComponentInteractionDataKind::StringSelect { values } => values.first().cloned().unwrap_or_default(),
            _ => String::new(),
        };
        match id {
            ComponentId::Topics => render::section(self.kb(), &chosen).unwrap_or_else(|| render::topics(self.kb())),
            ComponentId::Timeline { from, to, page } => {
                study_view::timeline(self.kb(), &crate::timeline::page(self.kb(), from, to, page), true)
            }
            ComponentId::Open { entry } => self.open(&entry),
            ComponentId::EntryMenu => match chosen.parse::<ComponentId>() {
                Ok(ComponentId::Open { entry }) => self.open(&entry),
                _ => render::notice(render::EXPIRED),
            },
            _ => render::notice(render::EXPIRED),
        }
    }
}
