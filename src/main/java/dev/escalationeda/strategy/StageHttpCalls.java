package dev.escalationeda.strategy;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.strategy.definition.Templates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/** The request of an {@code http} stage: its URL and method, and its params as a JSON body (none for GET and DELETE). */
@ApplicationScoped
@Named("stageHttpCalls")
public class StageHttpCalls {

    private final ObjectMapper objectMapper;

    public StageHttpCalls(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public void prepare(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        Message message = exchange.getMessage();
        StageWork work = message.getMandatoryBody(StageWork.class);
        String method = work.action().settings().getOrDefault("method", "POST");
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_URI, Templates.render(work.action().setting("url"), work.variables()::get));
        message.setHeader(Exchange.HTTP_METHOD, method);
        if ("GET".equals(method) || "DELETE".equals(method)) {
            message.setBody(null);
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        work.action().params().forEach((name, template) -> body.put(name, Templates.render(template, work.variables()::get)));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(objectMapper.writeValueAsBytes(body));
    }
}
