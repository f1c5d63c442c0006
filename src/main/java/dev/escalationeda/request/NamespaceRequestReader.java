package dev.escalationeda.request;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Reads the JSON body of a new request; malformed JSON, or a field the request does not have, is a 400 that says where. */
@ApplicationScoped
@Named("namespaceRequestReader")
public class NamespaceRequestReader {

    private final JsonBodyReader<NamespaceRequestInput> reader;

    public NamespaceRequestReader(ObjectMapper objectMapper) {
        this.reader = new JsonBodyReader<>(objectMapper.readerFor(NamespaceRequestInput.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), "request");
    }

    public NamespaceRequestInput read(byte[] body) {
        return reader.read(body);
    }
}
