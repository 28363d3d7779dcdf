package dev.verdict.http;

/** One endpoint: parse, call one service method, render. */
@FunctionalInterface
public interface Handler {
    Reply handle(Request request) throws Exception;
}
