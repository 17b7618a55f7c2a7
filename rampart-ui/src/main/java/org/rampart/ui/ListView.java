package org.rampart.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A page that lists JSON documents as the API shows them (the personal API tokens). */
public record ListView(Viewer viewer, List<ObjectNode> items) {}
