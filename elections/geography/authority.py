"""Who issues a township's documents: its street office or its people's government.

Certificates of election are issued by "the township government or street office" (R-CERT-2), and
vetting letters and decisions are signed by it. The division list names a street by its office
(东华门街道办事处); a town or township is signed for by its people's government (汤河口镇人民政府);
any other unit (a development zone) by its name. A township official may set another name (a
township whose list name is not the name on its seal) on the township's page.
"""


def customary_name(township_name: str) -> str:
    if township_name.endswith(("镇", "乡")):
        return township_name + "人民政府"
    return township_name


def issuing_authority(township) -> str:
    return (township.issuing_authority or "").strip() or customary_name(township.name)
