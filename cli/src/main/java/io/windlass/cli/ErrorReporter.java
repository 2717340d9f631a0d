package io.windlass.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.windlass.cli.support.Json;
import io.windlass.statemachine.WindlassException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one clear line (or, with {@code --json}, one JSON error document on stdout) and an exit code.
 * User errors never print a stack trace; only internal errors (bugs) do.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("windlass: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        boolean json = wantsJson(parsed);
        if (ex instanceof WindlassException we) {
            report(cl, json, we.code().name(), message(we));
            return ExitCodes.of(we.code());
        }
        if (ex instanceof CommandLine.ParameterException pe) {
            return handleParseException(pe, new String[0]);
        }
        report(cl, json, "INTERNAL", "internal error (a bug, please report it): " + ex);
        ex.printStackTrace(cl.getErr());
        cl.getErr().flush();
        return ExitCodes.INTERNAL;
    }

    static void report(CommandLine cl, boolean json, String code, String message) {
        if (json) {
            ObjectNode doc = Json.object();
            doc.putObject("error").put("code", code).put("message", message);
            cl.getOut().println(Json.compact(doc));
            cl.getOut().flush();
        } else {
            cl.getErr().println("windlass: " + code + ": " + message);
            cl.getErr().flush();
        }
    }

    /** The exception's message without the "CODE: " prefix WindlassException adds (the code is printed apart). */
    private static String message(WindlassException e) {
        String prefix = e.code().name() + ": ";
        String m = e.getMessage() == null ? e.code().name() : e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static boolean wantsJson(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
        }
        return false;
    }
}
