package dev.engram.experience;

import dev.engram.platform.config.Fraction;
import dev.engram.platform.config.PositiveDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.List;

/** Experiences (fix history): issue signatures, issue patterns, similarity and statistics. */
@ConfigMapping(prefix = "engram.experience")
public interface ExperienceConfig {

    /**
     * Parts of the issue signature, in any order: {@code issue-type}, {@code subject-family}, {@code prompt-prefix},
     * {@code response-bucket}. Changing them changes every new signature (stored ones stay as they were).
     */
    @WithDefault("issue-type,subject-family,prompt-prefix,response-bucket")
    List<String> signatureParts();

    /** Characters of the normalised prompt (lower-case, single spaces) that enter the signature. */
    @WithDefault("50")
    @Min(1)
    int promptPrefixChars();

    /** Width of a response-length bucket in characters: lengths 0–99 share bucket 0 with the default 100. */
    @WithDefault("100")
    @Min(1)
    int responseBucketSize();

    /** Characters of the prompt embedded together with the description for semantic matching. */
    @WithDefault("200")
    @Min(0)
    int embeddedPromptChars();

    /** Attempts at which an issue pattern's confidence reaches 1 ({@code confidence = min(1, attempts / n)}). */
    @WithDefault("10")
    @Min(1)
    int patternConfidenceAttempts();

    /** Least cosine similarity of a semantic match in {@code POST /v1/experiences/similar}. */
    @WithDefault("0.5")
    @Fraction
    double semanticMinSimilarity();

    /** Window of "recent activity" in {@code GET /v1/experiences/stats}. */
    @WithDefault("P7D")
    @PositiveDuration
    Duration recentWindow();
}
