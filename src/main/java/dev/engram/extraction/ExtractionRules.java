package dev.engram.extraction;

import dev.engram.extraction.api.ExtractType;
import dev.engram.extraction.api.SuggestedMemory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key-information extraction without a language model (pure; unit-tested). The text is split into sentences; for
 * each sentence and each requested kind the first matching rule below yields one suggestion: the sentence as content,
 * the kind's memory type, the rule's importance and id, and the captured value (name, date) when the rule has one.
 * A sentence can yield several kinds ("I'm meeting Sarah on Friday" → name and date).
 */
public final class ExtractionRules {

    private static final int CI = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
    private static final String WEEKDAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    private static final String NAME = "(\\p{Lu}[\\p{L}'-]+)";
    private static final String RELATION = "(?:friend|best friend|sister|brother|boss|manager|colleague|coworker|co-worker"
            + "|wife|husband|partner|son|daughter|mother|father|mom|mum|dad|girlfriend|boyfriend|dog|cat|doctor|teacher"
            + "|neighbou?r|cousin|aunt|uncle|grandmother|grandfather)";
    /** Capitalised words that are not names. */
    private static final Set<String> NOT_NAMES = Set.of("I", "The", "A", "An", "My", "Our", "This", "That", "It", "We",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
            "April", "May", "June", "July", "August", "September", "October", "November", "December", "Today",
            "Tomorrow", "Yesterday");

    /** One rule: id, kind, pattern, importance; {@code group} is the captured value's group (0 = whole match). */
    record Rule(String id, ExtractType category, Pattern pattern, double importance, int group) {
        static Rule of(String id, ExtractType category, String regex, double importance, int group) {
            return new Rule(id, category, Pattern.compile(regex, CI), importance, group);
        }

        /** Case-sensitive apart from the parts marked {@code (?i:…)}: names must be capitalised. */
        static Rule cased(String id, ExtractType category, String regex, double importance) {
            return new Rule(id, category, Pattern.compile(regex, Pattern.UNICODE_CASE), importance, 1);
        }
    }

    static final List<Rule> RULES = List.of(
            Rule.of("preference.prefer", ExtractType.PREFERENCE,
                    "\\b(?:i|we)\\s+(?:really\\s+|much\\s+|strongly\\s+|generally\\s+)?(?:prefer|would rather)\\b|\\bi'd rather\\b", 0.7, 0),
            Rule.of("preference.dislike", ExtractType.PREFERENCE, "\\bi\\s+(?:really\\s+|absolutely\\s+|just\\s+)?"
                    + "(?:hate|dislike|detest|can't stand|cannot stand|don't like|do not like|don't enjoy|do not enjoy)\\b", 0.7, 0),
            Rule.of("preference.like", ExtractType.PREFERENCE,
                    "\\bi\\s+(?:really\\s+|absolutely\\s+|just\\s+)?(?:like|love|enjoy|adore)\\b", 0.6, 0),
            Rule.of("preference.favourite", ExtractType.PREFERENCE, "\\bmy\\s+(?:absolute\\s+|all-time\\s+)?fav(?:ou)?rite\\b", 0.7, 0),
            Rule.of("preference.habit", ExtractType.PREFERENCE, "\\bi\\s+(?:always|never|usually)\\s+(?:use|drink|eat|take"
                    + "|choose|pick|want|order|sit|fly|read|listen|watch|wear|book)\\b", 0.6, 0),

            Rule.of("fact.name", ExtractType.FACT, "\\bmy name is\\b|\\bcall me\\s+\\p{L}", 0.8, 0),
            Rule.of("fact.attribute", ExtractType.FACT, "\\b(?:i am|i'm)\\s+(?:allergic|vegetarian|vegan|married|single"
                    + "|divorced|retired|pregnant|left-handed|right-handed|colou?r-?blind|diabetic|lactose intolerant"
                    + "|\\d+\\s+years old)\\b", 0.7, 0),
            Rule.of("fact.identity", ExtractType.FACT, "\\b(?:i am|i'm)\\s+(?:a|an)\\s+\\p{L}+", 0.7, 0),
            Rule.of("fact.origin", ExtractType.FACT, "\\bi\\s+(?:live|grew up|was born|moved)\\s+(?:in|to|at|on)\\b"
                    + "|\\b(?:i am|i'm|i come)\\s+(?:originally\\s+)?from\\b", 0.7, 0),
            Rule.of("fact.family", ExtractType.FACT, "\\bi\\s+have\\s+(?:a|an|one|two|three|four|five|\\d+)\\s+(?:\\p{L}+\\s+)?"
                    + "(?:dogs?|cats?|kids?|child|children|sons?|daughters?|brothers?|sisters?|allerg(?:y|ies))\\b"
                    + "|\\bmy\\s+" + RELATION + "(?:'s|\\s+is|\\s+are|\\s+was|\\s+lives|\\s+works)\\b", 0.6, 0),
            Rule.of("fact.language", ExtractType.FACT, "\\bi\\s+(?:speak|am learning|'m learning)\\b|\\bi'm learning\\b", 0.6, 0),

            Rule.of("work.employer", ExtractType.WORK, "\\bi\\s+(?:work|am working|'m working)\\s+(?:at|for|as|in)\\b"
                    + "|\\bi'm working\\s+(?:at|for|as|in)\\b|\\bi(?: am|'m) employed\\b", 0.8, 0),
            Rule.of("work.project", ExtractType.WORK, "\\b(?:i am|i'm|we are|we're)\\s+(?:currently\\s+)?(?:working on|building"
                    + "|developing|migrating|shipping|launching|maintaining)\\b", 0.7, 0),
            Rule.of("work.role", ExtractType.WORK, "\\b(?:i am|i'm)\\s+(?:the|a|an)\\s+(?:[\\p{L}-]+\\s+){0,2}(?:engineer"
                    + "|developer|designer|manager|scientist|analyst|architect|consultant|lead|cto|ceo|founder|intern"
                    + "|programmer|researcher|administrator|accountant|lawyer|nurse|teacher|doctor)\\b", 0.7, 0),
            Rule.of("work.mine", ExtractType.WORK, "\\bmy\\s+(?:job|company|employer|team|boss|manager|colleagues?"
                    + "|co-?workers?|office|role|position|startup|clients?|project)\\b", 0.7, 0),
            Rule.of("work.ours", ExtractType.WORK, "\\bour\\s+(?:project|team|company|product|startup|repo|repository"
                    + "|codebase|app|service|deadline|release|sprint|customers|stack|backend|frontend|api)\\b", 0.7, 0),

            Rule.of("date.iso", ExtractType.DATE, "\\b\\d{4}-\\d{2}-\\d{2}\\b", 0.6, 0),
            Rule.of("date.numeric", ExtractType.DATE, "\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}\\b", 0.6, 0),
            Rule.of("date.month-day", ExtractType.DATE, "\\b" + MONTH + "\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4})?", 0.6, 0),
            Rule.of("date.day-month", ExtractType.DATE, "\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + "\\b(?:\\s+\\d{4})?", 0.6, 0),
            Rule.of("date.month-year", ExtractType.DATE, "\\b(?:in|since|until|by|from|before|after)\\s+(?:(?:january|february"
                    + "|march|april|june|july|august|september|october|november|december)(?:\\s+\\d{4})?|(?:19|20)\\d{2})\\b", 0.6, 0),
            Rule.of("date.weekday", ExtractType.DATE, "\\b(?:on|next|this|last|every|until|by)\\s+" + WEEKDAY + "s?\\b", 0.6, 0),
            Rule.of("date.relative", ExtractType.DATE, "\\b(?:tomorrow|yesterday|tonight|(?:next|last)\\s+(?:week|month|year)"
                    + "|this\\s+(?:weekend|week|month|year))\\b", 0.5, 0),

            Rule.cased("name.self", ExtractType.NAME, "(?i:\\bmy name is|\\bcall me|\\bi am called|\\bi'm called)\\s+" + NAME, 0.8),
            Rule.cased("name.relation", ExtractType.NAME, "(?i:\\bmy\\s+" + RELATION
                    + "(?:'s name is|\\s+is called|\\s+is named|\\s+named|\\s+called|,)?)\\s+" + NAME, 0.7),
            Rule.cased("name.called", ExtractType.NAME, "(?i:\\b(?:named|called))\\s+" + NAME, 0.6),
            Rule.cased("name.met", ExtractType.NAME, "(?i:\\b(?:meeting|meet|met|talked to|spoke (?:with|to)|emailed"
                    + "|texted|visiting|visited)(?:\\s+with)?)\\s+" + NAME, 0.6));

    private ExtractionRules() {
    }

    /** Suggestions for the requested kinds (all when empty), in text order. */
    public static List<SuggestedMemory> extract(String text, Set<ExtractType> kinds) {
        List<SuggestedMemory> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int index = 0;
        for (String raw : SENTENCE_END.split(text.strip())) {
            String sentence = raw.strip();
            if (sentence.isEmpty()) {
                continue;
            }
            int position = index;
            for (ExtractType kind : ExtractType.values()) {
                if (kinds.isEmpty() || kinds.contains(kind)) {
                    match(sentence, kind).ifPresent(m -> out.add(m.suggestion(sentence, position)));
                }
            }
            index++;
        }
        return out;
    }

    private record Match(Rule rule, String value) {
        SuggestedMemory suggestion(String sentence, int index) {
            return new SuggestedMemory(sentence, rule.category().memoryType(), rule.category(), rule.importance(),
                    rule.id(), value, index);
        }
    }

    private static java.util.Optional<Match> match(String sentence, ExtractType kind) {
        for (Rule rule : RULES) {
            if (rule.category() != kind) {
                continue;
            }
            Matcher m = rule.pattern().matcher(sentence);
            while (m.find()) {
                String value = m.group(rule.group()).strip();
                if (kind != ExtractType.NAME || !NOT_NAMES.contains(value)) {
                    return java.util.Optional.of(new Match(rule, kind == ExtractType.DATE || kind == ExtractType.NAME
                            ? value : null));
                }
            }
        }
        return java.util.Optional.empty();
    }
}
