package com.geminigateway.logs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output in blocks of up to 4 KB, for the console copy of the access lines. Log4j's console and
 * stream appenders flush after every line, whatever they are told: a write to the kernel per request, a
 * fiftieth of the gateway's CPU under load. Here their flush does nothing; lines go out when a block is
 * full or when {@link #flushNow} runs ({@link LogSetup#flushBuffered}, every second). A line never spans two
 * blocks, so lines stay whole among the other console lines. Whatever {@code System.out} is at the time
 * receives each block (a test or a container may replace it), and closing leaves it open.
 */
final class BlockBufferedStdout extends BufferedOutputStream {

    private static final int BLOCK_SIZE = 4096;

    BlockBufferedStdout() {
        super(new CurrentStdout(), BLOCK_SIZE);
    }

    /** Log4j calls this after each line: the line waits for a full block or {@link #flushNow}. */
    @Override
    public void flush() {
    }

    void flushNow() throws IOException {
        super.flush(); // synchronized, as every write is
    }

    @Override
    public void close() throws IOException {
        flushNow();
    }

    /** {@code System.out} as it is when a block is written. */
    private static final class CurrentStdout extends OutputStream {
        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }
}
