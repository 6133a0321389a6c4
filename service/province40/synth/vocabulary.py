"""The words synthetic plans are written with, taken from the vocabulary of real provincial plans.

Each sector (tourism, agriculture, health, water, waste, digital services, ...) has the actions,
subjects and means its project titles combine, in Thai and English, and the master plan under the
National Strategy a project of that sector most plausibly serves. Titles read like those of the five
real plans (``data/programme/plans/``): an action, a subject, a means, the province.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Phrase:
    """One phrase in Thai and English."""

    th: str
    en: str


@dataclass(frozen=True, kw_only=True)
class Sector:
    """A field of provincial development and the words its project titles are made of."""

    slug: str
    name: Phrase
    master_plans: tuple[int, ...]
    """Master plans (1–23) a project of this sector plausibly contributes to."""
    subjects: tuple[Phrase, ...]
    indicator: Phrase
    unit: str


ACTIONS = (
    Phrase(th="ส่งเสริม", en="Promoting"),
    Phrase(th="พัฒนา", en="Developing"),
    Phrase(th="ยกระดับ", en="Upgrading"),
    Phrase(th="เพิ่มศักยภาพ", en="Strengthening"),
    Phrase(th="ขับเคลื่อน", en="Driving"),
    Phrase(th="สร้างเครือข่าย", en="Building a network for"),
)

MEANS = (
    Phrase(th="ด้วยเทคโนโลยีดิจิทัล", en="with digital technology"),
    Phrase(th="ด้วยนวัตกรรม", en="through innovation"),
    Phrase(th="แบบมีส่วนร่วมของชุมชน", en="with community participation"),
    Phrase(th="ตามแนวทาง BCG Model", en="along the BCG model"),
    Phrase(th="ผ่านแพลตฟอร์มออนไลน์", en="through an online platform"),
    Phrase(th="ร่วมกับภาคเอกชนและสถาบันการศึกษา", en="with the private sector and universities"),
    Phrase(th="ด้วยข้อมูลขนาดใหญ่", en="with big data"),
)

SECTORS = (
    Sector(
        slug="tourism",
        name=Phrase(th="การท่องเที่ยว", en="Tourism"),
        master_plans=(5,),
        subjects=(
            Phrase(th="การท่องเที่ยวเชิงวัฒนธรรม", en="cultural tourism"),
            Phrase(th="การท่องเที่ยวชุมชน", en="community-based tourism"),
            Phrase(th="การท่องเที่ยวเชิงสุขภาพ", en="wellness tourism"),
            Phrase(th="เส้นทางท่องเที่ยวเชิงเกษตร", en="agritourism routes"),
        ),
        indicator=Phrase(th="รายได้จากการท่องเที่ยวที่เพิ่มขึ้น", en="Increase in tourism income"),
        unit="ร้อยละ",
    ),
    Sector(
        slug="agriculture",
        name=Phrase(th="การเกษตร", en="Agriculture"),
        master_plans=(3, 16),
        subjects=(
            Phrase(th="การผลิตข้าวหอมมะลิคุณภาพ", en="quality jasmine-rice farming"),
            Phrase(th="เกษตรอินทรีย์", en="organic farming"),
            Phrase(th="การเลี้ยงโคเนื้อแบบครบวงจร", en="integrated beef-cattle farming"),
            Phrase(th="การแปรรูปผลไม้", en="fruit processing"),
            Phrase(th="เกษตรแปลงใหญ่", en="large-scale collective farms"),
        ),
        indicator=Phrase(th="ผลผลิตต่อไร่ที่เพิ่มขึ้น", en="Increase in yield per rai"),
        unit="ร้อยละ",
    ),
    Sector(
        slug="health",
        name=Phrase(th="สาธารณสุข", en="Health"),
        master_plans=(13,),
        subjects=(
            Phrase(th="การดูแลผู้สูงอายุในชุมชน", en="community care for older people"),
            Phrase(th="การแพทย์ทางไกล", en="telemedicine"),
            Phrase(th="การป้องกันโรคไม่ติดต่อเรื้อรัง", en="prevention of chronic non-communicable diseases"),
        ),
        indicator=Phrase(th="ประชาชนที่เข้าถึงบริการสุขภาพ", en="People reached by health services"),
        unit="คน",
    ),
    Sector(
        slug="water",
        name=Phrase(th="การบริหารจัดการน้ำ", en="Water"),
        master_plans=(19,),
        subjects=(
            Phrase(th="การบริหารจัดการน้ำเพื่อการเกษตร", en="water management for farming"),
            Phrase(th="ระบบเตือนภัยน้ำท่วม", en="flood early warning"),
            Phrase(th="แหล่งน้ำชุมชน", en="community water sources"),
        ),
        indicator=Phrase(th="พื้นที่ที่ได้รับน้ำอย่างเพียงพอ", en="Area with sufficient water"),
        unit="ไร่",
    ),
    Sector(
        slug="waste",
        name=Phrase(th="การจัดการขยะและสิ่งแวดล้อม", en="Waste and environment"),
        master_plans=(18,),
        subjects=(
            Phrase(th="การคัดแยกขยะต้นทาง", en="waste separation at source"),
            Phrase(th="ธนาคารขยะชุมชน", en="community waste banks"),
            Phrase(th="พลังงานทดแทนจากชีวมวล", en="renewable energy from biomass"),
        ),
        indicator=Phrase(th="ปริมาณขยะที่ลดลง", en="Reduction in waste"),
        unit="ตัน",
    ),
    Sector(
        slug="digital-services",
        name=Phrase(th="บริการภาครัฐดิจิทัล", en="Digital public services"),
        master_plans=(20, 7),
        subjects=(
            Phrase(th="ศูนย์บริการประชาชนแบบเบ็ดเสร็จ", en="one-stop citizen service centres"),
            Phrase(th="ระบบข้อมูลจังหวัด", en="the provincial data system"),
            Phrase(th="บริการอิเล็กทรอนิกส์ของหน่วยงานในจังหวัด", en="e-services of provincial agencies"),
        ),
        indicator=Phrase(th="บริการที่ให้ผ่านช่องทางดิจิทัล", en="Services delivered digitally"),
        unit="บริการ",
    ),
    Sector(
        slug="local-products",
        name=Phrase(th="ผลิตภัณฑ์ชุมชน", en="Local products"),
        master_plans=(8, 16),
        subjects=(
            Phrase(th="ผ้าทออัตลักษณ์", en="identity woven cloth"),
            Phrase(th="ผลิตภัณฑ์ OTOP", en="OTOP products"),
            Phrase(th="วิสาหกิจชุมชน", en="community enterprises"),
        ),
        indicator=Phrase(th="รายได้ของวิสาหกิจชุมชนที่เพิ่มขึ้น", en="Increase in community-enterprise income"),
        unit="ร้อยละ",
    ),
    Sector(
        slug="education",
        name=Phrase(th="การศึกษาและทักษะ", en="Education and skills"),
        master_plans=(11, 12),
        subjects=(
            Phrase(th="ทักษะดิจิทัลของแรงงาน", en="digital skills of the workforce"),
            Phrase(th="การเรียนรู้ตลอดชีวิต", en="lifelong learning"),
        ),
        indicator=Phrase(th="ผู้ผ่านการอบรม", en="People trained"),
        unit="คน",
    ),
    Sector(
        slug="logistics",
        name=Phrase(th="โลจิสติกส์และการค้าชายแดน", en="Logistics and border trade"),
        master_plans=(7, 9),
        subjects=(
            Phrase(th="ศูนย์กระจายสินค้า", en="distribution centres"),
            Phrase(th="การค้าชายแดน", en="border trade"),
        ),
        indicator=Phrase(th="มูลค่าการค้าที่เพิ่มขึ้น", en="Increase in trade value"),
        unit="ล้านบาท",
    ),
    Sector(
        slug="safety",
        name=Phrase(th="ความปลอดภัยและความมั่นคง", en="Safety and security"),
        master_plans=(1, 6),
        subjects=(
            Phrase(th="ระบบกล้องวงจรปิดอัจฉริยะ", en="smart CCTV"),
            Phrase(th="ความปลอดภัยทางถนน", en="road safety"),
        ),
        indicator=Phrase(th="อุบัติเหตุที่ลดลง", en="Reduction in accidents"),
        unit="ร้อยละ",
    ),
)

DATA_SOURCES = (
    Phrase(th="สถิติจังหวัด", en="Provincial statistics"),
    Phrase(th="ข้อมูลความจำเป็นพื้นฐาน (จปฐ.)", en="Basic minimum needs survey"),
    Phrase(th="ทะเบียนเกษตรกร", en="Farmer register"),
    Phrase(th="ข้อมูลเปิดภาครัฐ", en="Government open data"),
    Phrase(th="ข้อมูลนักท่องเที่ยวของกรมการท่องเที่ยว", en="Department of Tourism visitor data"),
)

ISSUES = (
    Phrase(th="การเพิ่มขีดความสามารถทางเศรษฐกิจ", en="Raising economic competitiveness"),
    Phrase(th="การพัฒนาคุณภาพชีวิตของประชาชน", en="Improving people's quality of life"),
    Phrase(th="การบริหารจัดการทรัพยากรธรรมชาติอย่างยั่งยืน", en="Sustainable management of natural resources"),
    Phrase(th="การบริหารราชการจังหวัดด้วยดิจิทัล", en="Digital provincial administration"),
)

SYNTHETIC = Phrase(th="(สังเคราะห์)", en="(synthetic)")
"""The mark every synthetic label carries."""


def synthetic(th: str, en: str) -> Phrase:
    """A label pair marked synthetic."""
    return Phrase(th=f"{th} {SYNTHETIC.th}", en=f"{en} {SYNTHETIC.en}")
