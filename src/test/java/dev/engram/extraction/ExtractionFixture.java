package dev.engram.extraction;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Sentences and the kinds of key information each must yield (empty: nothing). */
final class ExtractionFixture {

    private ExtractionFixture() {
    }

    static final Map<String, Set<String>> SENTENCES = new LinkedHashMap<>();

    static {
        SENTENCES.put("I prefer window seats on long flights.", Set.of("preference"));
        SENTENCES.put("I really hate cilantro.", Set.of("preference"));
        SENTENCES.put("I love hiking in the Alps.", Set.of("preference"));
        SENTENCES.put("My favourite programming language is Kotlin.", Set.of("preference"));
        SENTENCES.put("My name is Priya Sharma.", Set.of("fact", "name"));
        SENTENCES.put("I'm a vegetarian.", Set.of("fact"));
        SENTENCES.put("I am a data scientist.", Set.of("fact", "work"));
        SENTENCES.put("I live in Lisbon with my partner.", Set.of("fact"));
        SENTENCES.put("I work at Acme Robotics as a backend engineer.", Set.of("work"));
        SENTENCES.put("Our project is migrating the billing service to Kubernetes.", Set.of("work"));
        SENTENCES.put("The deadline is 2025-03-14.", Set.of("date"));
        SENTENCES.put("I'm meeting Sarah on Friday.", Set.of("name", "date"));
        SENTENCES.put("My sister Anna lives in Berlin.", Set.of("name"));
        SENTENCES.put("My dog is called Rex.", Set.of("fact", "name"));
        SENTENCES.put("We launched the beta on March 3rd, 2024.", Set.of("date"));
        SENTENCES.put("Tomorrow I have a dentist appointment.", Set.of("date"));
        SENTENCES.put("I don't like long meetings.", Set.of("preference"));
        SENTENCES.put("I've been using Python since 2019.", Set.of("date"));
        SENTENCES.put("My manager wants the report by next week.", Set.of("work", "date"));
        SENTENCES.put("I speak Portuguese and a little Japanese.", Set.of("fact"));
        SENTENCES.put("Can you summarise this article for me?", Set.of());
        SENTENCES.put("The weather is nice today.", Set.of());
        SENTENCES.put("I usually drink green tea in the afternoon.", Set.of("preference"));
        SENTENCES.put("I was born in 1990 in Porto.", Set.of("fact", "date"));
        SENTENCES.put("I met Tom at the conference last month.", Set.of("name", "date"));
        SENTENCES.put("Our team ships a release every Friday.", Set.of("work", "date"));
        SENTENCES.put("I have two kids.", Set.of("fact"));
        SENTENCES.put("Please call me Sam.", Set.of("fact", "name"));
        SENTENCES.put("That sounds great, thanks!", Set.of());
        SENTENCES.put("I'd rather get answers in bullet points.", Set.of("preference"));
        SENTENCES.put("I'm allergic to peanuts.", Set.of("fact"));
    }

    static String text() {
        return String.join(" ", SENTENCES.keySet());
    }

    /** Memory type expected for a kind (built-in types of the V1 migration). */
    static String memoryType(String kind) {
        return switch (kind) {
            case "preference" -> "preference";
            case "date" -> "episodic";
            default -> "semantic";
        };
    }
}
