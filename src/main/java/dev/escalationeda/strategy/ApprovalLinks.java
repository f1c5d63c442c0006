package dev.escalationeda.strategy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import dev.escalationeda.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The approve and reject links of approval stages: {@code /approvals/<run>/<stage>/<decision>} with
 * an HMAC-SHA256 signature of the three, so that only the mailed links decide. The key is
 * APPROVAL_LINK_SECRET, or one generated once and kept in the database, shared by every replica.
 */
@ApplicationScoped
public class ApprovalLinks {

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String KEY_NAME = "approval-links";

    private final StrategyConfig config;
    private final DataSource dataSource;
    private volatile byte[] key;

    public ApprovalLinks(StrategyConfig config, @Named("stateDataSource") DataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
    }

    public String link(String contextId, String stage, String decision) {
        return config.publicUrl().replaceAll("/+$", "") + "/approvals/" + contextId + "/"
                + URLEncoder.encode(stage, StandardCharsets.UTF_8).replace("+", "%20") + "/" + decision + "?signature="
                + signature(contextId, stage, decision);
    }

    public boolean verify(String contextId, String stage, String decision, String signature) {
        if (signature == null || !(APPROVE.equals(decision) || REJECT.equals(decision))) {
            return false;
        }
        return MessageDigest.isEqual(signature(contextId, stage, decision).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String contextId, String stage, String decision) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key(), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal((contextId + "\n" + stage + "\n" + decision).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] current = key;
        if (current == null) {
            current = config.approvalLinkSecret().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).orElseGet(this::storedKey);
            key = current;
        }
        return current;
    }

    /** The generated key: the first replica to need one stores it, the others read it. */
    private byte[] storedKey() {
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO signing_key (name, secret) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM signing_key WHERE name = ?)")) {
                insert.setString(1, KEY_NAME);
                insert.setString(2, HexFormat.of().formatHex(generated));
                insert.setString(3, KEY_NAME);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM signing_key WHERE name = ?")) {
                select.setString(1, KEY_NAME);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return HexFormat.of().parseHex(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the approval link key", e);
        }
    }
}
