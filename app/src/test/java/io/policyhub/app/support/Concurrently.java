package io.policyhub.app.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs requests at the same time, as racing clients would. */
public final class Concurrently {

    private Concurrently() {
    }

    /** Runs {@code count} calls of {@code request} (given its index) on {@code threads} threads; answers their results in order. */
    public static <T> List<T> run(int count, int threads, IntFunction<T> request) throws InterruptedException, ExecutionException {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            calls.add(() -> request.apply(index));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }
}
