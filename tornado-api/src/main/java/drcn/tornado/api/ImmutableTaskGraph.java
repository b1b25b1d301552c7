package drcn.tornado.api;

import drcn.tornado.api.runtime.GraphAction;

import java.util.List;

/** A snapshot of a {@link TaskGraph}: later changes to the graph do not reach it. Run it with a {@link TornadoExecutionPlan}. */
public class ImmutableTaskGraph {
    private final String name;
    private final List<GraphAction> actions;

    ImmutableTaskGraph(String name, List<GraphAction> actions) {
        this.name = name;
        this.actions = actions;
    }

    public String getTaskGraphName() {
        return name;
    }

    /** The graph's transfers and tasks in declaration order (what the execution engine runs). */
    public List<GraphAction> actions() {
        return actions;
    }

    @Override
    public String toString() {
        return "ImmutableTaskGraph[" + name + ", " + actions.size() + " actions]";
    }
}
