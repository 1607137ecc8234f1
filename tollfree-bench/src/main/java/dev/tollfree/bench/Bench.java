package dev.tollfree.bench;

public final class Bench {
    public static void main(String[] args) {}
}
