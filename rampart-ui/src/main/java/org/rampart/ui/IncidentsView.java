package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The incidents list: the newest changed incidents as the API shows them, and the phase it is filtered on ("": any). */
public record IncidentsView(Viewer viewer, List<ObjectNode> incidents, String phase) {
    /** At most this many rows: the page's script keeps the live list to it too. */
    public static final int PAGE = 100;
}
