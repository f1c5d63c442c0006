package dev.escalationeda.webhook;

/** A redelivery arrived while the first delivery of the same id has not been processed yet. */
public class DeliveryInProgressException extends RuntimeException {

    public DeliveryInProgressException(String deliveryId) {
        super("delivery " + deliveryId + " is still being processed");
    }
}
