// SPDX-License-Identifier: Apache-2.0
package io.github.segnn.examples.qm9.io;

/**
 * Strict parsing of the decimal numbers in QM9 files, including Mathematica's {@code *^} exponent
 * ({@code 2.1997*^-6} means 2.1997e-6). Java's {@link Double#parseDouble} alone is too lenient: it
 * accepts {@code NaN}, {@code Infinity}, hexadecimal and a trailing {@code d} or {@code f}.
 */
final class Qm9Numbers {

    private Qm9Numbers() {}

    /**
     * Parses one number token.
     *
     * @param token the token, e.g. {@code -0.0126981359}, {@code 0.} or {@code 7.9254*^-6}
     * @param source the file name, for the error message
     * @param line the one-based line number, for the error message
     * @param what a description of the field, for the error message
     * @return the value
     * @throws Qm9FormatException if the token is not a plain decimal number
     */
    static double parseDouble(String token, String source, int line, String what) {
        String t = token;
        int star = t.indexOf("*^");
        if (star >= 0) {
            t = t.substring(0, star) + 'E' + t.substring(star + 2);
        }
        if (!isDecimal(t)) {
            throw new Qm9FormatException(source, line, what + ": '" + token + "' is not a number");
        }
        return Double.parseDouble(t);
    }

    /**
     * Parses one non-negative decimal integer token.
     *
     * @param token the token
     * @param source the file name, for the error message
     * @param line the one-based line number, for the error message
     * @param what a description of the field, for the error message
     * @return the value
     * @throws Qm9FormatException if the token is not a non-negative integer that fits an int
     */
    static int parseInt(String token, String source, int line, String what) {
        if (token.isEmpty() || token.length() > 9) {
            throw new Qm9FormatException(source, line, what + ": '" + token + "' is not an integer");
        }
        int value = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new Qm9FormatException(source, line, what + ": '" + token + "' is not an integer");
            }
            value = 10 * value + (c - '0');
        }
        return value;
    }

    /**
     * Tells whether a string is an optionally signed decimal number with an optional exponent.
     *
     * @param s the string
     * @return true for e.g. {@code 1}, {@code -0.5}, {@code 0.}, {@code .5}, {@code 1.2E-6}
     */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
