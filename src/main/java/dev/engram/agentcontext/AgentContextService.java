package dev.engram.agentcontext;

import dev.engram.agentcontext.api.BuildContextRequest;
import dev.engram.agentcontext.api.BuildContextResponse;
import dev.engram.agentcontext.api.ContextItem;
import dev.engram.experience.ExperienceQueryService;
import dev.engram.experience.api.ExperienceMatch;
import dev.engram.experience.api.ExperienceResponse;
import dev.engram.experience.api.SimilarExperiencesRequest;
import dev.engram.experience.api.SimilarExperiencesResponse;
import dev.engram.knowledge.KnowledgeSearchService;
import dev.engram.knowledge.api.KnowledgeHit;
import dev.engram.knowledge.api.SearchKnowledgeRequest;
import dev.engram.learning.PatternService;
import dev.engram.learning.api.PatternFilter;
import dev.engram.learning.api.PatternResponse;
import dev.engram.platform.ProblemException;
import dev.engram.search.SearchService;
import dev.engram.search.api.MemoryHit;
import dev.engram.search.api.SearchMemoriesRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Context for an agent about to act: the memories most relevant to the query, past experiences with the same or a
 * similar issue and their outcomes (exact signature first, then same subject, same type, similar meaning), the
 * knowledge entries closest to the query and the user's or agent's most confident learning patterns — chosen within
 * a token budget by {@link PromptBudget} and rendered as text.
 */
@ApplicationScoped
public class AgentContextService {

    static final String MEMORIES = "Relevant memories:";
    static final String EXPERIENCES = "Past experiences:";
    static final String KNOWLEDGE = "Knowledge:";
    static final String PATTERNS = "Learned patterns:";

    private final SearchService memories;
    private final ExperienceQueryService experiences;
    private final KnowledgeSearchService knowledge;
    private final PatternService patterns;

    AgentContextService(SearchService memories, ExperienceQueryService experiences, KnowledgeSearchService knowledge,
                        PatternService patterns) {
        this.memories = memories;
        this.experiences = experiences;
        this.knowledge = knowledge;
        this.patterns = patterns;
    }

    public BuildContextResponse build(String tenant, BuildContextRequest r) {
        BuildContextRequest.IssueDescription issue = r.issue();
        String query = r.query() != null && !r.query().isBlank() ? r.query()
                : issue != null && issue.description() != null && !issue.description().isBlank() ? issue.description()
                : null;
        if (query == null) {
            throw ProblemException.invalidField("query", "give a query or an issue with a description");
        }
        int maxTokens = r.maxTokens() == null ? 2000 : r.maxTokens();
        Map<String, List<ContextItem>> candidates = new LinkedHashMap<>();
        candidates.put(MEMORIES, memoryItems(tenant, query, r, count(r.maxMemories(), 5)));
        candidates.put(EXPERIENCES, experienceItems(tenant, query, issue, count(r.maxExperiences(), 3)));
        candidates.put(KNOWLEDGE, knowledgeItems(tenant, query, count(r.maxKnowledge(), 3)));
        candidates.put(PATTERNS, patternItems(tenant, r, count(r.maxPatterns(), 3)));
        Map<String, List<ContextItem>> chosen = PromptBudget.choose(candidates, maxTokens);
        int offered = candidates.values().stream().mapToInt(List::size).sum();
        int taken = chosen.values().stream().mapToInt(List::size).sum();
        return new BuildContextResponse(query, chosen.get(MEMORIES), chosen.get(EXPERIENCES), chosen.get(KNOWLEDGE),
                chosen.get(PATTERNS), PromptBudget.total(chosen), maxTokens, offered - taken, render(chosen));
    }

    private static int count(Integer given, int fallback) {
        return given == null ? fallback : given;
    }

    private List<ContextItem> memoryItems(String tenant, String query, BuildContextRequest r, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<MemoryHit> hits = memories.search(tenant, new SearchMemoriesRequest(query, null, null, null, null, null,
                null, null, r.userId(), r.agentId(), null, null, null, null, null, limit, false, null)).hits();
        return hits.stream().map(h -> item("memory", h.memory().id(), h.score(), "- (" + h.memory().type() + ", "
                + h.memory().occurredAt().atZone(ZoneOffset.UTC).toLocalDate() + ") "
                + oneLine(h.memory().content()), h.memory())).toList();
    }

    private List<ContextItem> experienceItems(String tenant, String query, BuildContextRequest.IssueDescription issue,
                                              int limit) {
        if (limit == 0) {
            return List.of();
        }
        SimilarExperiencesResponse similar = experiences.findSimilar(tenant, new SimilarExperiencesRequest(
                issue == null ? null : issue.subject(), issue == null ? null : issue.issueType(),
                issue == null || issue.description() == null ? query : issue.description(),
                issue == null ? null : issue.prompt(), null, limit));
        Set<UUID> seen = new LinkedHashSet<>();
        List<ContextItem> out = new ArrayList<>();
        Stream.of(similar.exact(), similar.subject(), similar.type(), similar.semantic()).flatMap(List::stream)
                .filter(m -> seen.add(m.experience().id())).limit(limit)
                .forEach(m -> out.add(experienceItem(m)));
        return out;
    }

    private static ContextItem experienceItem(ExperienceMatch m) {
        ExperienceResponse e = m.experience();
        String actions = e.actions() == null || e.actions().isEmpty() ? "" : "; actions: " + String.join(" | ", e.actions());
        return item("experience", e.id(), m.similarity(), "- " + (e.success() ? "SUCCEEDED" : "FAILED")
                + (e.verified() ? " (verified)" : "") + " — " + e.issueType() + " on " + e.subject() + ": "
                + oneLine(e.description()) + (e.actor() == null ? "" : " [by " + e.actor() + "]") + actions, e);
    }

    private List<ContextItem> knowledgeItems(String tenant, String query, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<KnowledgeHit> hits = knowledge.search(tenant, new SearchKnowledgeRequest(query, null, null, null, null,
                limit)).hits();
        return hits.stream().map(h -> item("knowledge", h.entry().id(), h.similarity(), "- " + h.entry().name()
                + " (" + h.entry().knowledgeType() + (h.entry().domain() == null ? "" : ", " + h.entry().domain())
                + ")" + (h.entry().description() == null ? "" : ": " + oneLine(h.entry().description())), h.entry()))
                .toList();
    }

    private List<ContextItem> patternItems(String tenant, BuildContextRequest r, int limit) {
        if (limit == 0) {
            return List.of();
        }
        List<PatternResponse> found = patterns.mostConfident(tenant,
                new PatternFilter(null, r.userId(), r.agentId(), true, null), limit);
        return found.stream().map(p -> item("pattern", p.id(), p.confidence(), "- " + p.name() + " ("
                + p.patternType() + ", confidence " + String.format(java.util.Locale.ROOT, "%.2f", p.confidence())
                + (p.successRate() == null ? "" : String.format(java.util.Locale.ROOT, ", success rate %.2f",
                p.successRate())) + ")" + (p.description() == null ? "" : ": " + oneLine(p.description())), p)).toList();
    }

    private static ContextItem item(String kind, UUID id, Double score, String line, Object source) {
        return new ContextItem(kind, id, score, line, PromptBudget.estimate(line), source);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }

    static String render(Map<String, List<ContextItem>> chosen) {
        StringBuilder sb = new StringBuilder();
        chosen.forEach((header, items) -> {
            if (items.isEmpty()) {
                return;
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(header).append('\n');
            items.forEach(i -> sb.append(i.text()).append('\n'));
        });
        return sb.toString();
    }
}
