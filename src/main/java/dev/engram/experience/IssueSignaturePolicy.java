package dev.engram.experience;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic signature of an issue (pure; unit-tested), after the source documents' auto-fix memory:
 * issue type + subject family + normalised prompt prefix + response-length bucket, each part switchable. Two
 * attempts at "the same" issue share a signature when those parts agree, so a change far into the prompt or a
 * slightly longer response does not split their history, while a different kind of failure does.
 * <ul>
 *   <li>issue type: trimmed, lower-case;</li>
 *   <li>subject family: the name after the last {@code /}, lower-case, up to the first digit or separator
 *       ({@code llama-3.1-8b-instruct → llama}, {@code Qwen2.5-Coder → qwen}, {@code meta-llama/Llama-3 → llama});
 *       a name starting with a digit keeps its first token;</li>
 *   <li>prompt prefix: lower-case, runs of white space as one space, trimmed, its first {@code promptPrefixChars}
 *       characters (code points);</li>
 *   <li>response bucket: {@code responseLength / responseBucketSize}.</li>
 * </ul>
 * The signature is the first 32 hex digits of SHA-256 over {@code part=value} lines of the enabled parts.
 */
public final class IssueSignaturePolicy {

    public static final List<String> ALL_PARTS = List.of("issue-type", "subject-family", "prompt-prefix", "response-bucket");
    private static final Pattern FAMILY = Pattern.compile("^[a-z]+");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private final Set<String> parts;
    private final int promptPrefixChars;
    private final int responseBucketSize;

    public IssueSignaturePolicy(List<String> parts, int promptPrefixChars, int responseBucketSize) {
        for (String p : parts) {
            if (!ALL_PARTS.contains(p)) {
                throw new IllegalArgumentException("unknown signature part '" + p + "'; known: " + ALL_PARTS);
            }
        }
        if (parts.isEmpty() || promptPrefixChars < 0 || responseBucketSize < 1) {
            throw new IllegalArgumentException("need at least one part, promptPrefixChars >= 0, responseBucketSize >= 1");
        }
        this.parts = Set.copyOf(parts);
        this.promptPrefixChars = promptPrefixChars;
        this.responseBucketSize = responseBucketSize;
    }

    public String signature(String issueType, String subject, String prompt, int responseLength) {
        StringBuilder key = new StringBuilder();
        for (String part : ALL_PARTS) {
            if (parts.contains(part)) {
                key.append(part).append('=').append(switch (part) {
                    case "issue-type" -> normaliseIssueType(issueType);
                    case "subject-family" -> subjectFamily(subject);
                    case "prompt-prefix" -> promptPrefix(prompt);
                    default -> Integer.toString(responseBucket(responseLength));
                }).append('\n');
            }
        }
        return sha256(key.toString()).substring(0, 32);
    }

    public static String normaliseIssueType(String issueType) {
        return issueType == null ? "" : issueType.strip().toLowerCase(Locale.ROOT);
    }

    public static String subjectFamily(String subject) {
        if (subject == null || subject.isBlank()) {
            return "";
        }
        String name = subject.strip().toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        Matcher m = FAMILY.matcher(name);
        if (m.find()) {
            return m.group();
        }
        String[] tokens = name.split("[-_:.\\s]+");
        return tokens.length == 0 ? name : tokens[0];
    }

    public String promptPrefix(String prompt) {
        if (prompt == null) {
            return "";
        }
        String normalised = WHITE_SPACE.matcher(prompt.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        int end = normalised.offsetByCodePoints(0, Math.min(promptPrefixChars,
                normalised.codePointCount(0, normalised.length())));
        return normalised.substring(0, end);
    }

    public int responseBucket(int responseLength) {
        return Math.max(0, responseLength) / responseBucketSize;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
