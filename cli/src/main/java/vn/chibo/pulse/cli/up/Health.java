package vn.chibo.pulse.cli.up;

/** Whether a component is doing its job, and if not, why, in one line. */
public record Health(boolean healthy, String detail) {

    public static Health up() {
        return new Health(true, "");
    }

    public static Health starting(String detail) {
        return new Health(false, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
