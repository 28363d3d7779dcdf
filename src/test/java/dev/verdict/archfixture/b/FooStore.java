package dev.verdict.archfixture.b;

/** Fixture for ArchitectureTest: a store of feature b. */
public final class FooStore {
    public int count() {
        return 0;
    }
}
