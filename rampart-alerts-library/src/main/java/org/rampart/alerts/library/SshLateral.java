package org.rampart.alerts.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.rampart.alerts.Aggregation;
import org.rampart.alerts.AlertTask;
import org.rampart.event.ip.IpAddresses;
import org.rampart.query.PhraseMatch;
import org.rampart.query.SearchQuery;
import org.rampart.query.TermMatch;

/**
 * MozDef's ssh_lateral: SSH logins into policed hosts from internal sources the policy does not allow
 * ({@code ssh_lateral.json}: host regexes, source CIDRs, ignored users, per-user exceptions).
 */
public class SshLateral extends AlertTask {
    private static final Pattern ACCEPTED = Pattern.compile("Accepted publickey for (\\S+) from (\\S+).*");
    private JsonNode config;

    @Override
    protected void main() {
        config = parseJsonAlertConfig("ssh_lateral.json");
        SearchQuery query = SearchQuery.minutes(15);
        query.addMust(
                new TermMatch("category", "syslog"),
                new TermMatch("details.program", "sshd"),
                new PhraseMatch("summary", "Accepted publickey"));
        filtersManual(query);
        searchEventsAggregated("hostname", 10);
        walkAggregations(1);
    }

    @Override
    protected ObjectNode onAggregation(Aggregation aggregation) {
        String host = aggregation.value();
        if (!anyMatch(config.path("hostmustmatch"), host) || anyMatch(config.path("hostmustnotmatch"), host)) {
            return null;
        }
        Set<String> sources = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (ObjectNode event : aggregation.events()) {
            Matcher m = ACCEPTED.matcher(text(event.path("_source"), "summary", ""));
            if (!m.matches()) {
                continue;
            }
            String user = m.group(1);
            String ip = m.group(2);
            if (inAny(config.path("alertifsource"), ip) && !inAny(config.path("notalertifsource"), ip)
                    && !anyMatch(config.path("ignoreusers"), user) && !excepted(user, host, ip)) {
                sources.add(addHostnameToIp(ip, "{0} ({1})", true));
                users.add(user);
            }
        }
        if (sources.isEmpty()) {
            return null;
        }
        String summary = "SSH lateral movement outside policy: access to " + host + " from " + String.join(",", sources)
                + " as " + String.join(",", users);
        return createAlertDict(summary, "session", List.of("sshd", "syslog"), aggregation.events(), "WARNING");
    }

    private boolean excepted(String user, String host, String ip) {
        for (JsonNode exception : config.path("exceptions")) {
            if (exception.size() == 3 && lookingAt(exception.get(0).asText(), user)
                    && lookingAt(exception.get(1).asText(), host) && IpAddresses.inCidr(ip, exception.get(2).asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inAny(JsonNode cidrs, String ip) {
        List<String> blocks = new ArrayList<>();
        cidrs.forEach(c -> blocks.add(c.asText()));
        return blocks.stream().anyMatch(cidr -> IpAddresses.inCidr(ip, cidr));
    }

    private static boolean anyMatch(JsonNode regexes, String value) {
        for (JsonNode regex : regexes) {
            if (lookingAt(regex.asText(), value)) {
                return true;
            }
        }
        return false;
    }

    /** Python's re.match: anchored at the start only. */
    private static boolean lookingAt(String regex, String value) {
        try {
            return Pattern.compile(regex).matcher(value).lookingAt();
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("ssh_lateral.json: invalid regular expression " + regex, e);
        }
    }
}
