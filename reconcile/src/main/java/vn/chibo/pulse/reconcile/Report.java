package vn.chibo.pulse.reconcile;

import java.io.PrintStream;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import vn.chibo.pulse.reconcile.relations.RelationComparison;

/** An outcome for people (a table, the first differences, a verdict) or for machines (--json). */
final class Report {

    private Report() {
    }

    static void text(Outcome o, PrintStream out) {
        out.printf(Locale.ROOT, "reconcile: %,d events read %s in %.1f s%n", o.eventsRead(), o.eventsPerTopic(),
                (o.finishedAt().toEpochMilli() - o.startedAt().toEpochMilli()) / 1000.0);
        out.printf(Locale.ROOT, "%-18s %10s %12s %12s %10s%n", "relation", "rows", "cells", "equal", "different");
        for (RelationComparison.Result r : o.results()) {
            out.printf(Locale.ROOT, "%-18s %,10d %,12d %,12d %,10d%n", r.relation(), r.rows(), r.cells(), r.equalCells(),
                    r.differentCells());
        }
        o.results().stream().filter(r -> !r.agreed()).forEach(r -> {
            out.printf(Locale.ROOT, "%s: %,d cells differ in %,d rows; the first:%n", r.relation(), r.differentCells(), r.rowsDifferent());
            r.first().forEach(d -> out.printf("  %s %s: expected %s, found %s%n", d.key(), d.column(), d.expected(), d.found()));
        });
        o.notes().forEach(n -> out.println("note: " + n));
        Boolean agreed = o.agreed();
        if (agreed == null) {
            out.println("reconcile: NO VERDICT — the pipeline had not caught up with the event log");
        } else if (agreed) {
            out.printf(Locale.ROOT, "reconcile: AGREED — %,d cells of %d relations equal the event log%n",
                    o.cellsChecked(), o.results().size());
        } else {
            out.printf(Locale.ROOT, "reconcile: DIFFERENT — %,d of %,d cells differ from the event log%n",
                    o.differences(), o.cellsChecked());
        }
    }

    static void json(Outcome o, PrintStream out) throws java.io.IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("startedAt", o.startedAt().toString());
        root.put("finishedAt", o.finishedAt().toString());
        if (o.agreed() == null) {
            root.putNull("agreed");
        } else {
            root.put("agreed", o.agreed());
        }
        root.put("exitStatus", o.exitStatus());
        root.put("differences", o.differences());
        root.put("cellsChecked", o.cellsChecked());
        root.set("eventsRead", mapper.valueToTree(o.eventsPerTopic()));
        ArrayNode relations = root.putArray("relations");
        for (RelationComparison.Result r : o.results()) {
            ObjectNode n = relations.addObject();
            n.put("relation", r.relation());
            n.put("rows", r.rows());
            n.put("cells", r.cells());
            n.put("equal", r.equalCells());
            n.put("different", r.differentCells());
            n.put("rowsDifferent", r.rowsDifferent());
            n.set("firstDifferences", mapper.valueToTree(r.first()));
        }
        root.set("notes", mapper.valueToTree(o.notes()));
        out.println(mapper.writeValueAsString(root));
    }
}
