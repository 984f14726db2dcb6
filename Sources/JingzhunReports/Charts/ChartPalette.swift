/// Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"): distinguishable with every
/// common form of colour-vision deficiency, and in greyscale print by their lightness.
public enum ChartPalette {
    public static let black = "#000000"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let bluishGreen = "#009E73"
    public static let yellow = "#F0E442"
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let reddishPurple = "#CC79A7"
    /// Series colours in order (yellow last: weakest contrast on white).
    public static let series = [blue, orange, bluishGreen, reddishPurple, skyBlue, vermillion, yellow]
    /// Grid and axis greys (not data colours).
    public static let grid = "#D9D9D9"
    public static let axis = "#4D4D4D"
}
