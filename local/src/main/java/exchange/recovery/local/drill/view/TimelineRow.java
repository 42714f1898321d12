package exchange.recovery.local.drill.view;

import java.time.Duration;

/**
 * One line of the live timeline: a step of a plan (or of a nested plan) as it stands now.
 *
 * @param key identifies the step across updates (execution and the step's position)
 * @param depth 0 for the plan's own steps, 1 for steps of a plan it started...
 * @param at when the step started, from the fault
 * @param elapsed how long the step has run (so far, while it runs)
 */
public record TimelineRow(String key, int depth, String tier, String step, String kind, String status, Duration at,
                          Duration elapsed, String detail) {
}
