//! Discord's limits on what a bot may post, in characters (or items), defined here once.
//!
//! The core holds the curated texts to them when it checks the knowledge (an answer must fit an
//! embed's description, a question an embed's title), and the Discord adapter clips every
//! message to them, so that Discord never rejects a reply. These are Discord's documented
//! limits; the core needs no Discord library to know them.

/// An embed's title, and a field's name.
pub const MAX_TITLE: usize = 256;
/// An embed's description.
pub const MAX_DESCRIPTION: usize = 4096;
/// A field's value.
pub const MAX_FIELD: usize = 1024;
/// Fields in one embed.
pub const MAX_FIELDS: usize = 25;
/// All the text of one embed together: title, description, fields' names and values, footer.
pub const MAX_EMBED: usize = 6000;
/// A message's content.
pub const MAX_CONTENT: usize = 2000;
/// A button's label.
pub const MAX_LABEL: usize = 80;
/// A button's or a menu's custom id.
pub const MAX_CUSTOM_ID: usize = 100;
/// Options in a select menu, and choices of a command option or an autocomplete.
pub const MAX_OPTIONS: usize = 25;
/// A select menu option's label, value and description; a choice's name; a menu's placeholder.
pub const MAX_OPTION_TEXT: usize = 100;
/// A modal's title.
pub const MAX_MODAL_TITLE: usize = 45;
/// An embed's footer text.
pub const MAX_FOOTER: usize = 2048;
/// A text input's value.
pub const MAX_INPUT: usize = 4000;
