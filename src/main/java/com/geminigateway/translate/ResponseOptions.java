package com.geminigateway.translate;

/**
 * How one chat's answer is shaped, decided from the request and the configuration.
 *
 * @param returnReasoning          thought summaries go out as {@code reasoning_content}; otherwise they are dropped
 * @param singleToolCall           the client sent {@code parallel_tool_calls: false}: only the first call is kept
 * @param fillWriteToFileLineCount IDE compatibility: add a missing {@code line_count} to {@code write_to_file} calls
 */
public record ResponseOptions(boolean returnReasoning, boolean singleToolCall, boolean fillWriteToFileLineCount) {

    public static final ResponseOptions DEFAULT = new ResponseOptions(false, false, false);
}
