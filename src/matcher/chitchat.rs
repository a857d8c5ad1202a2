//! Talk to the bot that is not a question about the paper: greetings, thanks, goodbyes, and
//! questions about the bot itself ("are you a human?", "what's your name?"). Their few words
//! would otherwise match whatever entry shares one of them ("helped", "name"); they get "not in
//! the paper" and the usual pointers instead. General English, not the paper's: the list is
//! short and fixed, and a text longer than a chat line is never taken for chit-chat.

use std::sync::OnceLock;

use regex::Regex;

/// At most this many words: "thanks, but what did the paper say about 2014?" is a question.
const MAX_WORDS: usize = 7;

/// Whether a folded question is chit-chat.
pub fn is_chitchat(folded: &str) -> bool {
    static PATTERNS: OnceLock<Regex> = OnceLock::new();
    static TASKS: OnceLock<Regex> = OnceLock::new();
    // Writing tasks a Q&A bot about one paper does not do, however long the request.
    let tasks = TASKS.get_or_init(|| {
        Regex::new(r"^(?:please |pls |plz |can you |could you )?(?:write|compose|make|generate|give) (?:me )?(?:an?|some|the) (?:essay|poem|story|song|haiku|limerick|rap|letter|cover letter|speech|code|program|script)\b|^(?:(?:can|could|will|would) (?:you|u|ya) |pls |please )?help (?:me )?with (?:my|our) (?:\w+ )?(?:homework|assignment|essay|exam|test|code|project)\b").unwrap()
    });
    if tasks.is_match(folded) {
        return true;
    }
    if folded.split(' ').count() > MAX_WORDS {
        return false;
    }
    let patterns = PATTERNS.get_or_init(|| {
        let you = r"(?:you|u|ya)";
        let alternatives = [
            // Greetings and goodbyes, alone or to the bot.
            r"^(?:hi|hello|hey|heya|hiya|yo|sup|greetings|good (?:morning|afternoon|evening|night)|bye|goodbye|good bye|see ya|see you|cya|gn)(?: there| bot| normbot| all| everyone| guys| again| later| soon)*(?: (?:is )?(?:any ?one|any ?body|some ?one) (?:there|here|home|around|awake))?$".to_owned(),
            // Checking that the bot is there.
            format!(r"^(?:(?:is )?(?:any ?one|any ?body) (?:there|here|around|awake)|(?:are )?{you} (?:there|awake|working|alive)|is this (?:thing )?(?:on|working))$"),
            // Thanks, however it goes on ("ty that helped", "thanks a lot bot").
            r"^(?:thanks|thank you|thank u|thx|ty|tysm|cheers|much appreciated)\b".to_owned(),
            // Reactions.
            r"^(?:lol|lmao|haha+|ok|okay|k|kk|cool|nice|great|awesome|wow|oh|hmm+|yes|no|yep|nope|yeah|sure)(?: ok| okay| thanks| thank you| thx| ty| cool| nice| lol| got it)*$".to_owned(),
            // The bot itself.
            format!(r"\b(?:are|r) {you} (?:a |an )?(?:human|bot|robot|real|person|ai|machine|alive|sentient|chatgpt)\b"),
            r"\b(?:what|whats|what s) (?:is )?(?:your|ur) name\b".to_owned(),
            format!(r"\bwho (?:made|built|created|programmed|wrote|coded|designed|owns) {you}\b"),
            format!(r"^how (?:are|r) {you}\b"),
            format!(r"^what (?:can|do) {you} do\b"),
            r"\btell me a joke\b|\bsing (?:me )?a song\b|^i m bored$|^im bored$".to_owned(),
            // The weather and the time, anywhere ("what's the weather in beijing", "what time is
            // it"): folding drops the possessive, so the bare "what" form is matched too.
            r"^(?:how s |hows |how is |what s |whats |what is |what )?(?:the )?weather\b|^(?:what s |whats |what is |what )?(?:the )?(?:time|date) (?:is it|today|now)\b|^what time is it\b|^what day is (?:it|today)\b".to_owned(),
        ];
        Regex::new(&alternatives.join("|")).unwrap()
    });
    patterns.is_match(folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    #[test]
    fn greetings_thanks_and_questions_to_the_bot_are_chitchat() {
        for text in [
            "hi",
            "hello there!",
            "good morning :)",
            "thanks bot",
            "ty that helped",
            "lol ok",
            "bye",
            "are you a human?",
            "what's your name",
            "who made you?",
            "how are you?",
            "tell me a joke",
            "what can you do?",
            "hello?? anyone there",
            "is this thing on",
            "write me an essay on climate change and the internet in three parts please",
            "can u help me with my calc homework",
            "ok cool thx",
            "what's the weather in beijing",
            "hows the weather today",
            "what time is it",
        ] {
            assert!(is_chitchat(&fold(text)), "{text}");
        }
    }

    #[test]
    fn questions_about_the_paper_are_not() {
        for text in [
            "who made the public core norm?",
            "what is the name of the paper series?",
            "thanks to whom did China connect in 1994? and what happened next in the story",
            "how are norms made?",
            "what can states do under the espionage norm?",
            "no first use",
            "is the great firewall real?",
            "what does the paper write about a story of the internet",
            "can the public core norm help with my essay on cyber norms",
            "what time did china connect to the internet",
            "does bad weather harm undersea cables",
        ] {
            assert!(!is_chitchat(&fold(text)), "{text}");
        }
    }
}
