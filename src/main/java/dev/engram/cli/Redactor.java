package dev.engram.cli;

/** Keeps the API key out of everything the CLI prints (errors, {@code --verbose}). */
final class Redactor {

    static final String MASK = "<redacted>";

    private Redactor() {
    }

    /** The text with every occurrence of the key (and, for {@code egm_<id>_<secret>} keys, of the secret) masked. */
    static String redact(String text, String key) {
        if (text == null || key == null || key.isBlank()) {
            return text;
        }
        String out = text.replace(key, MASK);
        // egm_<hex id>_<base64url secret>: the secret starts after the first '_' behind the prefix (it may itself
        // contain '_', so the last one is not its start)
        int start = key.indexOf('_', 4);
        if (key.startsWith("egm_") && start > 4 && key.length() - start > 8) {
            out = out.replace(key.substring(start + 1), MASK);
        }
        return out;
    }

    /** How an Authorization header is shown by {@code --verbose}. */
    static String authorization(String key) {
        return key == null || key.isBlank() ? "(none)" : "Bearer " + MASK;
    }
}
