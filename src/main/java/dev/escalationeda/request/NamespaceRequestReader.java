package dev.escalationeda.request;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Reads the JSON body of a new request; malformed JSON, or a field the request does not have, is a 400 that says where. */
@ApplicationScoped
@Named("namespaceRequestReader")
public class NamespaceRequestReader {

    private final JsonBodyReader<NamespaceRequestInput> reader;

    public NamespaceRequestReader(ObjectMapper objectMapper) {
        // a number or true where a name or address belongs is a mistake, not a namespace "true"
        ObjectMapper strict = objectMapper.copy();
        strict.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.reader = new JsonBodyReader<>(strict.readerFor(NamespaceRequestInput.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), "request");
    }

    public NamespaceRequestInput read(byte[] body) {
        return reader.read(body);
    }
}
