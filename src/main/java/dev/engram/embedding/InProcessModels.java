package dev.engram.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The in-process ONNX embedding models (LangChain4j's quantized BERT encoders, shipped in Maven artifacts), with ONNX
 * Runtime session options for a server: one intra-op thread per inference and no spin-waiting.
 * <p>
 * LangChain4j's ready-made classes open their session with ONNX Runtime's defaults: an intra-op thread pool of one
 * thread per core whose threads spin after each inference, while LangChain4j already runs one inference per text on
 * its own executor (one thread per core). On 2 cores that is 4 busy threads for 2 cores, and the spinning also takes
 * the CPU that PostgreSQL needs in the same pod or node. Measured on the 2-core benchmark machine
 * (all-minilm-l6-v2-q, batches of 250): 327-349 texts/s at 5.7-6.1 ms CPU per text with the defaults against
 * 521-610 texts/s at 3.3-3.8 ms with these options; see docs/benchmarks.md. Parallelism comes from the executor
 * (texts of a batch in parallel) and from concurrent requests, so the options suit any core count.
 * <p>
 * Public so that the benchmarks measure raw embedding with exactly the service's configuration.
 */
public final class InProcessModels {

    /** The models, by the name used in {@code engram.embedding.model}. */
    static final List<String> NAMES = List.of("all-minilm-l6-v2-q", "bge-small-en-v15-q", "e5-small-v2-q");

    private InProcessModels() {
    }

    /** Loads the named model (its ONNX file and tokenizer come from the model's Maven artifact on the class path). */
    public static EmbeddingModel load(String name) {
        return switch (name) {
            case "all-minilm-l6-v2-q" -> load("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
                    PoolingMode.MEAN, 384);
            case "bge-small-en-v15-q" -> load("bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
                    PoolingMode.CLS, 384);
            case "e5-small-v2-q" -> load("e5-small-v2-q.onnx", "e5-small-v2-q-tokenizer.json", PoolingMode.MEAN, 384);
            default -> throw new IllegalArgumentException("Unknown in-process embedding model '" + name
                    + "'; available: " + String.join(", ", NAMES));
        };
    }

    /** The session options: one intra-op thread, no spin-waiting (see the class comment). */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    private static EmbeddingModel load(String modelResource, String tokenizerResource, PoolingMode pooling,
                                       int dimension) {
        ClassLoader loader = InProcessModels.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(modelResource);
             InputStream tokenizer = loader.getResourceAsStream(tokenizerResource);
             OrtSession.SessionOptions options = sessionOptions()) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException("Model files " + modelResource + " / " + tokenizerResource
                        + " are not on the class path (missing langchain4j-embeddings artifact?)");
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new Model(new OnnxBertBiEncoder(environment, session, tokenizer, pooling), dimension);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the embedding model " + modelResource, e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not load the embedding model " + modelResource, e);
        }
    }

    /** LangChain4j's in-process model over our own encoder (its default executor: one thread per core). */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;
        private final int dimension;

        Model(OnnxBertBiEncoder encoder, int dimension) {
            super(null);
            this.encoder = encoder;
            this.dimension = dimension;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return dimension;
        }
    }
}
