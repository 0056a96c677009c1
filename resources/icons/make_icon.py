"""Draws the program icon (resources/icons/app.png and app.ico) with Pillow: green hills over a blue river and
the character 同 in the bundled font. Run once after changing the design: python resources/icons/make_icon.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "wqy-microhei.ttc"
SIZE = 256
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, SIZE - 8, SIZE - 8), radius=44, fill=(240, 247, 240, 255))
    pen.polygon([(8, 190), (80, 96), (140, 170), (184, 120), (248, 190)], fill=(46, 125, 50, 255))  # 两山
    pen.rectangle((8, 190, SIZE - 8, 214), fill=(25, 118, 210, 255))  # 七河一流域
    pen.rounded_rectangle((8, 200, SIZE - 8, SIZE - 8), radius=44, fill=(25, 118, 210, 255))
    font = ImageFont.truetype(str(FONT), 104, index=0)
    pen.text((SIZE // 2, 78), "同", font=font, fill=(27, 94, 32, 255), anchor="mm")
    return image


def main() -> None:
    image = draw()
    image.save(HERE / "app.png")
    image.save(HERE / "app.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
