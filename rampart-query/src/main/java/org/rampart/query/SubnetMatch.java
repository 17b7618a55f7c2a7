package org.rampart.query;

import org.rampart.event.ip.Cidr;

/**
 * MozDef's SubnetMatch: the query string {@code key: [first TO last]} of the CIDR block, so an address range on
 * {@code ip} fields ({@code details.sourceipaddress}, {@code details.destinationipaddress}) and, as in MozDef, a
 * string range on keyword fields.
 */
public record SubnetMatch(String key, String cidr) implements Match {
    public SubnetMatch {
        Checks.key(key);
        Checks.text("SubnetMatch cidr", cidr);
        Cidr.parse(cidr);
    }

    /** The block as a pair of addresses. */
    public Cidr block() {
        return Cidr.parse(cidr);
    }
}
