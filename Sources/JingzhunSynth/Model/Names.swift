import JingzhunCore

/// Synthetic Chinese names from small syllable lists.
///
/// Names are personal data in a real registry; these are made up, drawn from common surnames and
/// given-name characters, so a generated name may coincide with a real person's only by chance.
enum Names {
    static let surnames: [String] = chars(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let maleGiven: [String] = chars("伟强军勇杰涛明超刚平辉鹏华飞斌波宇浩凯健俊帆帅旭宁龙林阳兵建国志文德福贵生海山春成永发荣贤忠民")
    static let femaleGiven: [String] = chars("芳娜敏静丽艳娟霞秀英华慧巧美琴云莲玲红梅兰凤洁萍燕珍桂菊翠莉婷雪琳月花春玉")
    static let villageSyllables: [String] = chars(
        "石桥坪坝沟湾岭山河溪塘寨营庄家台岗坡垭田林水龙凤马牛羊杨柳桃李新东西南北上下中大小高黄白青红金银平安和兴福顺丰阳光明")

    private static func chars(_ text: String) -> [String] { text.map { String($0) } }

    static func surname(_ rng: inout SplitMix64) -> String { rng.pick(surnames) }

    /// A given name of one or two characters.
    static func given(_ rng: inout SplitMix64, sex: Sex) -> String {
        let list = sex == .male ? maleGiven : femaleGiven
        let first = rng.pick(list)
        return rng.chance(0.7) ? first + rng.pick(list) : first
    }

    /// A village name: two (sometimes three) syllables and 村.
    static func villageName(_ rng: inout SplitMix64) -> String {
        var name = rng.pick(villageSyllables) + rng.pick(villageSyllables)
        if rng.chance(0.1) { name += rng.pick(villageSyllables) }
        return name + "村"
    }
}
