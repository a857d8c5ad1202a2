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
    if folded.chars().any(crate::text::chinese::is_han) {
        return is_chinese_chitchat(folded);
    }
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

/// At most this many characters in a Chinese chat line (the text without spaces).
const MAX_CHINESE_CHARS: usize = 16;

/// The same in Chinese, read without the spaces folding puts between jieba's words.
fn is_chinese_chitchat(folded: &str) -> bool {
    static TASKS: OnceLock<Regex> = OnceLock::new();
    static PATTERNS: OnceLock<Regex> = OnceLock::new();
    let text = crate::text::without_spaces(folded);
    // Writing tasks ("帮我写一篇关于气候变化的论文"), however long the request.
    let tasks = TASKS.get_or_init(|| {
        Regex::new(
            r"^(?:请|麻烦你?|能不能|可不可以|可以)?(?:帮我|给我|替我|帮忙)(?:写|作|编)(?:一|几)?(?:篇|首|份|段|个)",
        )
        .unwrap()
    });
    if tasks.is_match(&text) {
        return true;
    }
    if text.chars().count() > MAX_CHINESE_CHARS {
        return false;
    }
    let patterns = PATTERNS.get_or_init(|| {
        let alternatives = [
            // Greetings, thanks and goodbyes, alone or with a particle or to the bot ("谢谢你啊"):
            // "你好，请问什么是网络主权" is a question.
            r"^(?:你好|您好|大家好|嗨|哈喽|哈啰|早上好|早安|中午好|下午好|晚上好|晚安|再见|拜拜|回头见|谢谢|多谢|感谢|谢啦|谢了|辛苦了)(?:你|您|大家|啊|呀|啦|了|哈|呢|吗|么|机器人|bot|normbot|大佬)*$",
            // The bot itself.
            r"你是谁|你叫什么|你是(?:人|真人|机器人|ai|人工智能|chatgpt)|谁(?:做|造|开发|写|创造|设计)(?:了)?你|你是(?:谁|哪个人|什么人)(?:做|造|开发|写|创造|设计)的",
            r"你(?:会|能)(?:做|干)(?:什么|啥)|你在吗|有人在吗",
            // Boredom, jokes, the weather and the time.
            r"讲个笑话|说个笑话|来个笑话|陪我聊|聊聊天|好无聊|无聊死|天气|几点了|现在几点",
        ];
        Regex::new(&alternatives.join("|")).unwrap()
    });
    patterns.is_match(&text)
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
            "你好",
            "谢谢你啊",
            "你是谁做的",
            "你是機器人嗎",
            "好无聊啊 陪我聊聊天",
            "给我讲个笑话",
            "帮我写一篇关于网络主权的论文，三千字",
            "今天天气怎么样",
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
            "谁写了这篇论文",
            "你好，请问什么是网络主权",
            "作者怎么看待网络主权和互联网公共核心之间的关系",
            "谢谢！那公共核心规范是谁提出的？",
        ] {
            assert!(!is_chitchat(&fold(text)), "{text}");
        }
    }
}
