package exchange.recovery.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A handler that reads its input as a typed record with the project's JSON mapper and writes its
 * result the same way, so that parsing, validation and error types are ours in AWS and locally alike.
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {

    private final Class<I> inputType;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    protected abstract O handle(I input, Context context);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) {
        Invocation.observe(context, () -> {
            O result = handle(read(input), context);
            write(output, result);
            return null;
        });
    }

    private I read(InputStream input) {
        try {
            I value = Json.MAPPER.readValue(input, inputType);
            if (value == null) {
                throw new InvalidInput("Empty input: expected " + inputType.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new InvalidInput("Input is not a valid " + inputType.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream output, Object result) {
        try {
            Json.MAPPER.writeValue(output, result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
