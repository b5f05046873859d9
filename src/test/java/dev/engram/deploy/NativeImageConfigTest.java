package dev.engram.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native-image configuration (no GraalVM here, so it cannot be built): every class it names exists in this
 * build's dependencies, and the resources a native embedding model needs are matched by its resource patterns. A
 * dependency upgrade that renames a class fails here instead of in somebody's native build.
 */
class NativeImageConfigTest {

    private static final Path CONFIG = Path.of("src/main/resources/META-INF/native-image/dev.engram/engram");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldNameOnlyClassesThatExist() throws IOException {
        List<String> names = new ArrayList<>();
        for (String file : List.of("reflect-config.json", "jni-config.json")) {
            JSON.readTree(CONFIG.resolve(file).toFile()).forEach(entry -> names.add(entry.path("name").asText()));
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(CONFIG.resolve("native-image.properties"))) {
            properties.load(in);
        }
        String args = properties.getProperty("Args");
        assertThat(args).startsWith("--initialize-at-run-time=");
        names.addAll(List.of(args.substring("--initialize-at-run-time=".length()).split(",")));

        assertThat(names).hasSizeGreaterThan(100).allSatisfy(name -> assertThat(exists(name)).as(name).isTrue());
        assertThat(names).contains("ai.onnxruntime.OrtException", "ai.onnxruntime.OnnxTensor",
                "ai.djl.huggingface.tokenizers.jni.CharSpan", "dev.langchain4j.model.openai.internal.embedding.EmbeddingRequest",
                "dev.langchain4j.model.ollama.EmbeddingResponse", "dev.engram.session.TurnCodec$Unnumbered");
    }

    @Test
    void shouldIncludeTheNativeLibrariesAndModelsOfInProcessEmbedding() throws IOException {
        List<Pattern> includes = new ArrayList<>();
        for (JsonNode include : JSON.readTree(CONFIG.resolve("resource-config.json").toFile()).path("resources").path("includes")) {
            includes.add(Pattern.compile(include.path("pattern").asText()));
        }
        List<String> needed = List.of("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", "native/lib/tokenizers.properties",
                "native/lib/linux-x86_64/cpu/libtokenizers.so", "all-minilm-l6-v2-q.onnx",
                "all-minilm-l6-v2-q-tokenizer.json", "bge-small-en-v1.5-q.onnx", "e5-small-v2-q.onnx");

        for (String resource : needed) {
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource + " on the class path").isNotNull();
            assertThat(includes).as(resource).anyMatch(p -> p.matcher(resource).matches());
        }
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, NativeImageConfigTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
