package dev.facesearch.client.evaluate;

/**
 * One line of an LFW pairs file.
 *
 * @param fold the fold it belongs to, from 0
 * @param same true for a matched pair ("Name n1 n2"), false for a mismatched one ("Name1 n1 Name2
 *     n2")
 * @param first the first image
 * @param second the second image
 * @param line the 1-based line number in the file
 */
public record LfwPair(int fold, boolean same, LfwImage first, LfwImage second, int line) {}
