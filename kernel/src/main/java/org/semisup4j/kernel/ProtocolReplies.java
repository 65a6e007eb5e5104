package org.semisup4j.kernel;

import java.util.ArrayList;
import java.util.List;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.history.HistoryEntry;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.ReplyType;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import io.github.spencerpark.jupyter.messages.request.InterruptRequest;
import io.github.spencerpark.jupyter.messages.request.ShutdownRequest;
import io.github.spencerpark.jupyter.messages.reply.InterruptReply;
import io.github.spencerpark.jupyter.messages.reply.ShutdownReply;

/**
 * Reply contents that carry {@code "status": "ok"}, which the messaging spec requires and
 * basekernel 2.3.0 leaves out of kernel_info, history, interrupt and shutdown replies.
 * Gson serialises the runtime class, so an extra field in a subclass rides along with the base fields.
 */
final class ProtocolReplies {
    private ProtocolReplies() {
    }

    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfo(String protocolVersion, String implementation, String implementationVersion,
                   LanguageInfo languageInfo, String banner, List<LanguageInfo.Help> helpLinks) {
            super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
        }
    }

    /**
     * history_reply. Entries are written as the spec's tuples, {@code [session, line, input]} or
     * {@code [session, line, [input, output]]}, by hand: basekernel's message Gson lacks its own
     * HistoryEntry adapter and would write objects.
     */
    static final class History implements ContentType<History>, ReplyType<HistoryRequest> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        List<List<Object>> tuples() {
            return history;
        }

        @Override
        public MessageType<History> getType() {
            return retyped(HistoryReply.MESSAGE_TYPE);
        }

        @Override
        public MessageType<HistoryRequest> getRequestType() {
            return HistoryReply.REQUEST_MESSAGE_TYPE;
        }
    }

    static final class Interrupt implements ContentType<Interrupt>, ReplyType<InterruptRequest> {
        @SuppressWarnings("unused")
        private final String status = "ok";

        @Override
        public MessageType<Interrupt> getType() {
            return retyped(InterruptReply.MESSAGE_TYPE);
        }

        @Override
        public MessageType<InterruptRequest> getRequestType() {
            return InterruptReply.REQUEST_MESSAGE_TYPE;
        }
    }

    static final class Shutdown implements ContentType<Shutdown>, ReplyType<ShutdownRequest> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return retyped(ShutdownReply.MESSAGE_TYPE);
        }

        @Override
        public MessageType<ShutdownRequest> getRequestType() {
            return ShutdownReply.REQUEST_MESSAGE_TYPE;
        }
    }

    /** The wire type is what matters; the Java content class only decides the serialised fields. */
    @SuppressWarnings("unchecked")
    private static <T> MessageType<T> retyped(MessageType<?> type) {
        return (MessageType<T>) type;
    }
}
