package dev.engram.experience;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssueSignaturePolicyTest {

    private final IssueSignaturePolicy policy = new IssueSignaturePolicy(IssueSignaturePolicy.ALL_PARTS, 50, 100);
    private static final String PROMPT = "Write a haiku about the sea and the wind, then explain the imagery used in each line.";

    @Test
    void shouldFindTheSubjectFamily() {
        assertThat(IssueSignaturePolicy.subjectFamily("llama-3.1-8b-instruct")).isEqualTo("llama");
        assertThat(IssueSignaturePolicy.subjectFamily("Qwen2.5-Coder-7B")).isEqualTo("qwen");
        assertThat(IssueSignaturePolicy.subjectFamily("meta-llama/Llama-3.2-1B")).isEqualTo("llama");
        assertThat(IssueSignaturePolicy.subjectFamily("gpt-4o-mini")).isEqualTo("gpt");
        assertThat(IssueSignaturePolicy.subjectFamily("mistral")).isEqualTo("mistral");
        assertThat(IssueSignaturePolicy.subjectFamily("  Claude-3-Opus ")).isEqualTo("claude");
        assertThat(IssueSignaturePolicy.subjectFamily("4chan-bot-2")).isEqualTo("4chan");
    }

    @Test
    void shouldNormaliseThePromptPrefix() {
        IssueSignaturePolicy p = new IssueSignaturePolicy(IssueSignaturePolicy.ALL_PARTS, 12, 100);
        assertThat(p.promptPrefix("  Hello\n\t  WORLD and more")).isEqualTo("hello world ");
        assertThat(p.promptPrefix(null)).isEmpty();
        assertThat(p.promptPrefix("short")).isEqualTo("short");
    }

    @Test
    void shouldBucketResponseLengths() {
        assertThat(policy.responseBucket(0)).isZero();
        assertThat(policy.responseBucket(99)).isZero();
        assertThat(policy.responseBucket(100)).isEqualTo(1);
        assertThat(policy.responseBucket(-5)).isZero();
    }

    @Test
    void sameInputShouldGiveTheSameSignature() {
        String a = policy.signature("empty_response", "llama-3.1-8b-instruct", PROMPT, 42);
        String b = new IssueSignaturePolicy(List.of("response-bucket", "prompt-prefix", "subject-family", "issue-type"), 50, 100)
                .signature("empty_response", "llama-3.1-8b-instruct", PROMPT, 42);
        assertThat(a).isEqualTo(b).hasSize(32).matches("[0-9a-f]{32}");
        // a fixed value: signatures must not change between runs (or versions) without notice
        assertThat(a).isEqualTo("4a35aecf522221783605207eae00ef8b");
    }

    @Test
    void shouldIgnoreThePromptTailCaseSpacingAndTheSubjectVersion() {
        String base = policy.signature("empty_response", "llama-3.1-8b-instruct", PROMPT, 42);
        assertThat(policy.signature("EMPTY_RESPONSE ", "llama-3.2-1b", PROMPT.replace("each line", "every verse"), 99))
                .isEqualTo(base);
        assertThat(policy.signature("empty_response", "Llama-3.1-70B", "  WRITE a haiku   about the sea and the wind, then"
                + " explain nothing else", 0)).isEqualTo(base);
    }

    @Test
    void shouldChangeWithTheLengthBucketTypeFamilyOrPromptStart() {
        String base = policy.signature("empty_response", "llama-3.1-8b-instruct", PROMPT, 42);
        assertThat(policy.signature("empty_response", "llama-3.1-8b-instruct", PROMPT, 142)).isNotEqualTo(base);
        assertThat(policy.signature("repetition", "llama-3.1-8b-instruct", PROMPT, 42)).isNotEqualTo(base);
        assertThat(policy.signature("empty_response", "qwen2.5-7b", PROMPT, 42)).isNotEqualTo(base);
        assertThat(policy.signature("empty_response", "llama-3.1-8b-instruct", "Translate " + PROMPT, 42)).isNotEqualTo(base);
    }

    @Test
    void disabledPartsShouldNotMatter() {
        IssueSignaturePolicy typeAndFamily = new IssueSignaturePolicy(List.of("issue-type", "subject-family"), 50, 100);
        assertThat(typeAndFamily.signature("timeout", "gpt-4o", "a", 10))
                .isEqualTo(typeAndFamily.signature("timeout", "gpt-3.5-turbo", "completely different", 5000));
    }

    @Test
    void shouldRejectUnknownParts() {
        assertThatThrownBy(() -> new IssueSignaturePolicy(List.of("issue-type", "colour"), 50, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> new IssueSignaturePolicy(List.of("issue-type"), 50, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
