package dev.escalationeda.request;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Reads the JSON body of a new request; malformed JSON is a 400 that says where. */
@ApplicationScoped
@Named("namespaceRequestReader")
public class NamespaceRequestReader {

    private final ObjectReader reader;

    public NamespaceRequestReader(ObjectMapper objectMapper) {
        this.reader = objectMapper.readerFor(NamespaceRequestInput.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public NamespaceRequestInput read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RequestRejectedException(400, Map.of("body", "is empty: send the request as a JSON object"));
        }
        try {
            NamespaceRequestInput input = reader.readValue(body);
            if (input == null) {
                throw new RequestRejectedException(400, Map.of("body", "must be a JSON object"));
            }
            return input;
        } catch (JsonProcessingException e) {
            throw new RequestRejectedException(400, Map.of("body", "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new RequestRejectedException(400, Map.of("body", "unreadable: " + e.getMessage()));
        }
    }
}
