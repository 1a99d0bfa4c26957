"""A candidate's profile: what the statistics of who was elected read (education, ethnicity, Party
membership, incumbency, the dual role 一肩挑 of R26-SIZE). Recorded by the election committee or an
official on the nominee's page; none of it decides anything in the law. Pure data: no Flask."""

# 学历, as the organisation departments' forms list it, lowest first.
EDUCATION = ("primary", "junior_high", "senior_high", "college", "bachelor", "postgraduate")

# The 56 ethnic groups (民族) by their official names, the Han first.
HAN = "汉族"
ETHNIC_GROUPS = (
    HAN, "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族",
    "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族",
    "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族",
    "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)

FIELDS = ("education", "ethnicity", "party_member", "incumbent", "party_secretary")


def minority(ethnicity: str | None) -> bool | None:
    """An ethnic minority (少数民族): any group but the Han; None when not recorded."""
    return None if not ethnicity else ethnicity != HAN
