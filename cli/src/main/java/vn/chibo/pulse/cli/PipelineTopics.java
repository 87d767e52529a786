package vn.chibo.pulse.cli;

import java.util.List;

import vn.chibo.pulse.domain.Topics;

/** The pipeline's topics by role, for those who create them ({@code ./pulse up}, the bench). */
public final class PipelineTopics {
    /**
     * The compacted topics the streams app writes and the sink reads (SPEC v2): the branch figures and
     * the tree they are added up in.
     */
    public static final List<String> AGGREGATES = List.of(Topics.BRANCH_CURRENT, Topics.BRANCH_MONTHLY, Topics.BRANCH_YEARLY,
            Topics.BRANCH_TRANSFERS, Topics.DISTRICTS, Topics.COMMUNES, Topics.BRANCHES);

    private PipelineTopics() {}
}
