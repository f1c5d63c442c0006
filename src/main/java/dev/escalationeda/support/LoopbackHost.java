package dev.escalationeda.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a server listening on a host is reachable from this machine only. */
public final class LoopbackHost {

    private LoopbackHost() {
    }

    /** A host that does not resolve counts as reachable from elsewhere: the safe answer for a check that opens access. */
    public static boolean is(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
