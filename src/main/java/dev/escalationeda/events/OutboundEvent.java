package dev.escalationeda.events;

import java.util.Map;

/**
 * A CloudEvent the service emits, before it is bound to a transport.
 *
 * @param id deterministic where the cause has an identity, so consumers can de-duplicate
 * @param subject may be null
 * @param extensions CloudEvents extension attributes (lower-case alphanumeric names)
 * @param data serialised as the JSON event data
 */
public record OutboundEvent(String id, String type, String source, String subject,
        Map<String, String> extensions, Object data) {

    public OutboundEvent {
        extensions = Map.copyOf(extensions);
    }
}
