/// A code with the labels people read: the Chinese term of the 建档立卡 registry and its English
/// rendering.
///
/// Reports never print a bare code (`lack_of_land`): they print both labels, in the order the
/// reader's language asks for. Codes stay the machine key (exports, CSV key columns); labels are
/// for people only and may be reworded without touching any stored value.
public protocol LabelledCode {
    /// The stable code (`lack_of_land`).
    var code: String { get }
    /// English label (`Lack of land`).
    var labelEnglish: String { get }
    /// Chinese label of the registry's vocabulary (`缺土地`).
    var labelChinese: String { get }
}

extension LabelledCode where Self: RawRepresentable, RawValue == String {
    public var code: String { rawValue }
}

// Labels: the 建档立卡 registry vocabulary (扶贫开发建档立卡 指标体系) for the codes of
// submissions.md §Records and fields.

extension Cause: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .illness: "因病"
        case .disability: "因残"
        case .education: "因学"
        case .disaster: "因灾"
        case .lackOfLand: "缺土地"
        case .lackOfWater: "缺水"
        case .lackOfSkills: "缺技术"
        case .lackOfLabor: "缺劳力"
        case .lackOfCapital: "缺资金"
        case .poorTransport: "交通条件落后"
        case .lackOfMotivation: "自身发展动力不足"
        case .other: "其他"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .illness: "Illness"
        case .disability: "Disability"
        case .education: "Schooling"
        case .disaster: "Disaster"
        case .lackOfLand: "Lack of land"
        case .lackOfWater: "Lack of water"
        case .lackOfSkills: "Lack of skills"
        case .lackOfLabor: "Lack of labour"
        case .lackOfCapital: "Lack of capital"
        case .poorTransport: "Poor transport"
        case .lackOfMotivation: "Lack of drive"
        case .other: "Other"
        }
    }
}

extension Category: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .general: "一般贫困户"
        case .lowIncomeGuarantee: "低保贫困户"
        case .extremePovertySupport: "特困供养贫困户"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .general: "General poor household"
        case .lowIncomeGuarantee: "Minimum-living-guarantee household"
        case .extremePovertySupport: "Extreme-poverty support household"
        }
    }
}

extension Measure: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .industry: "产业扶贫"
        case .employment: "就业扶贫"
        case .relocation: "易地扶贫搬迁"
        case .ecological: "生态扶贫"
        case .education: "教育扶贫"
        case .health: "健康扶贫"
        case .socialSecurity: "社会保障兜底"
        case .assetIncome: "资产收益扶贫"
        case .microcredit: "扶贫小额信贷"
        case .housingRenovation: "危房改造"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .industry: "Industry development"
        case .employment: "Employment"
        case .relocation: "Relocation"
        case .ecological: "Ecological compensation"
        case .education: "Education support"
        case .health: "Health support"
        case .socialSecurity: "Social-security safety net"
        case .assetIncome: "Asset income"
        case .microcredit: "Microcredit"
        case .housingRenovation: "Housing renovation"
        }
    }
}

extension HouseholdStatus: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .poor: "未脱贫"
        case .exited: "已脱贫"
        case .returned: "返贫"
        case .removed: "已标识清退"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .poor: "Poor"
        case .exited: "Exited"
        case .returned: "Returned to poverty"
        case .removed: "Removed from the register"
        }
    }
}

extension HousingGrade: LabelledCode {
    public var labelChinese: String { rawValue + "级" + (isSafe ? "（安全）" : "（危房）") }
    public var labelEnglish: String { "Grade " + rawValue + (isSafe ? " (safe)" : " (unsafe)") }
}

extension Relation: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .head: "户主"
        case .spouse: "配偶"
        case .child: "子女"
        case .parent: "父母"
        case .grandchild: "孙子女"
        case .grandparent: "祖父母"
        case .sibling: "兄弟姐妹"
        case .other: "其他"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .head: "Head of household"
        case .spouse: "Spouse"
        case .child: "Child"
        case .parent: "Parent"
        case .grandchild: "Grandchild"
        case .grandparent: "Grandparent"
        case .sibling: "Sibling"
        case .other: "Other"
        }
    }
}

extension Sex: LabelledCode {
    public var labelChinese: String { self == .male ? "男" : "女" }
    public var labelEnglish: String { self == .male ? "Male" : "Female" }
}

extension Education: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .preschool: "学龄前儿童"
        case .illiterate: "文盲或半文盲"
        case .primary: "小学"
        case .juniorSecondary: "初中"
        case .seniorSecondary: "高中"
        case .tertiary: "大专及以上"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .preschool: "Pre-school"
        case .illiterate: "Illiterate or semi-literate"
        case .primary: "Primary school"
        case .juniorSecondary: "Junior secondary"
        case .seniorSecondary: "Senior secondary"
        case .tertiary: "Tertiary"
        }
    }
}

extension Schooling: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .inSchool: "在校生"
        case .homeSchooled: "送教上门"
        case .exempt: "免于入学"
        case .dropout: "辍学"
        case .notInSchool: "失学"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .inSchool: "In school"
        case .homeSchooled: "Taught at home"
        case .exempt: "Exempt"
        case .dropout: "Dropped out"
        case .notInSchool: "Not in school"
        }
    }
}

extension Health: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .healthy: "健康"
        case .chronicIllness: "长期慢性病"
        case .seriousIllness: "患有大病"
        case .disabled: "残疾"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .healthy: "Healthy"
        case .chronicIllness: "Chronic illness"
        case .seriousIllness: "Serious illness"
        case .disabled: "Disabled"
        }
    }
}

extension Labor: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .skilled: "技能劳动力"
        case .ordinary: "普通劳动力"
        case .weak: "弱劳动力或半劳动力"
        case .lost: "丧失劳动力"
        case .none: "无劳动力"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .skilled: "Skilled labour"
        case .ordinary: "Ordinary labour"
        case .weak: "Weak or partial labour"
        case .lost: "Lost labour capacity"
        case .none: "No labour capacity"
        }
    }
}

extension SubmissionOutcome: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .applied: "已入库"
        case .rejected: "整体退回"
        case .stale: "旧版本"
        case .incomplete: "上传未完成"
        case .unchanged: "未变化"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .applied: "Applied"
        case .rejected: "Rejected whole"
        case .stale: "Stale revision"
        case .incomplete: "Incomplete upload"
        case .unchanged: "Unchanged"
        }
    }
}

extension AreaLevel: LabelledCode {
    public var labelChinese: String {
        switch self {
        case .nation: "全国"
        case .province: "省"
        case .prefecture: "市"
        case .county: "县"
        }
    }
    public var labelEnglish: String {
        switch self {
        case .nation: "Nation"
        case .province: "Province"
        case .prefecture: "Prefecture"
        case .county: "County"
        }
    }
}

/// Labels of a breakdown member (indicators.md §Breakdowns): the dimension's enumeration.
public enum BreakdownLabels {
    /// The labelled code of `member` in `dimension` (`cause`, `category`, `measure`); nil for an unknown pair.
    public static func code(dimension: String, member: String) -> (any LabelledCode)? {
        switch dimension {
        case "cause": Cause(rawValue: member)
        case "category": Category(rawValue: member)
        case "measure": Measure(rawValue: member)
        default: nil
        }
    }
}
