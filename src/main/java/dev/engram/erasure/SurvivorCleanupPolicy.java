package dev.engram.erasure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a survivor of a consolidation keeps when memories of an erased user or agent that were merged into it go
 * (pure). A merge gave the survivor the union of its members' keywords and entities and their merged metadata, and
 * recorded no more than which memories were merged ({@code superseded_by}): which value came from whom is not stored.
 * So a value goes when an erased member held it and nothing that stays accounts for it:
 * <ul>
 *   <li>a keyword or entity stays when a remaining merged member holds it too, or when the survivor's own text
 *       (title, content, summary) contains it — then it tells nothing about the erased owner;</li>
 *   <li>a metadata key stays when its value is not one an erased member held, or a remaining member holds the same
 *       value; otherwise it goes (also when the survivor had the same value itself: erasure errs on removing).</li>
 * </ul>
 */
final class SurvivorCleanupPolicy {

    /** The merged fields of one memory. */
    record Values(List<String> keywords, List<String> entities, Map<String, Object> metadata) {
    }

    private SurvivorCleanupPolicy() {
    }

    /**
     * The survivor's values without what only the erased members account for.
     *
     * @param survivorText the survivor's own title, content and summary
     * @param erased       the merged members of the erased owner
     * @param kept         the merged members that stay
     */
    static Values clean(Values survivor, String survivorText, List<Values> erased, List<Values> kept) {
        String text = survivorText == null ? "" : survivorText.toLowerCase(Locale.ROOT);
        return new Values(
                strip(survivor.keywords(), text, erased.stream().map(Values::keywords).toList(),
                        kept.stream().map(Values::keywords).toList()),
                strip(survivor.entities(), text, erased.stream().map(Values::entities).toList(),
                        kept.stream().map(Values::entities).toList()),
                strip(survivor.metadata(), erased, kept));
    }

    private static List<String> strip(List<String> values, String text, List<List<String>> erased,
                                      List<List<String>> kept) {
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            boolean erasedHeld = erased.stream().anyMatch(l -> l.contains(v));
            boolean accounted = kept.stream().anyMatch(l -> l.contains(v))
                    || (!v.isBlank() && text.contains(v.toLowerCase(Locale.ROOT)));
            if (!erasedHeld || accounted) {
                out.add(v);
            }
        }
        return out;
    }

    private static Map<String, Object> strip(Map<String, Object> metadata, List<Values> erased, List<Values> kept) {
        Map<String, Object> out = new LinkedHashMap<>();
        metadata.forEach((key, value) -> {
            boolean erasedHeld = erased.stream().anyMatch(m -> m.metadata().containsKey(key)
                    && Objects.equals(m.metadata().get(key), value));
            boolean accounted = kept.stream().anyMatch(m -> m.metadata().containsKey(key)
                    && Objects.equals(m.metadata().get(key), value));
            if (!erasedHeld || accounted) {
                out.put(key, value);
            }
        });
        return out;
    }
}
