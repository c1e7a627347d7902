"""Own-words battery 1: itineraries, crossings and corridors in the styles of the check stories.

Run from the repository root: ``python eval/own_words/itineraries.py`` (the runner: :mod:`battery`).
"""
from battery import run

# (text, expected chains[, stops that must not appear])
CASES = [
 ("Thousands of refugees crossed from Greece into Macedonia on Saturday, heading north towards Serbia and Hungary.",
  [["Greece", "Macedonia", "Serbia"], ["Greece", "Macedonia", "Hungary"]]),
 ("A train carrying 800 refugees from Hungary arrived in Munich via Austria late on Sunday.", [["Hungary", "Austria", "Munich"]]),
 ("More than 5,000 people entered Slovenia from Croatia on Sunday, police said.", [["Croatia", "Slovenia"]]),
 ("Syrian refugees crossed from Croatia into Slovenia on Monday. The refugees were then bused to the Austrian border at Spielfeld.", [["Spielfeld"]]),
 ("A pirogue carrying 150 people left Nouadhibou in Mauritania and reached El Hierro after eight days at sea.", [["Nouadhibou", "El Hierro"]]),
 ("Moussa, 22, left Bamako in 2019, crossed Mauritania and boarded a boat to the Canary Islands.", [["Bamako", "Mauritania", "Canary Islands"]]),
 ("Moussa, 22, left Bamako in 2019 and reached Tenerife by boat. He was later flown to Madrid, where he now works in a restaurant.", [["Madrid"]]),
 ("Some 500 people crossed the Channel in small boats on Tuesday, landing in Dover.", [["France", "English Channel", "Dover"]]),
 ("Some 500 people crossed the Channel on Tuesday. The boats left from beaches near Calais and Dunkirk before dawn.", [["Calais"], ["Dunkirk"]]),
 ("Afghan migrants keep arriving in northern France. Migrants camped at Loon-Plage hope to reach Britain.", [["Loon-Plage", "United Kingdom"]]),
 ("More than 60,000 people have fled Sudan to Chad since the fighting began in April.", [["Sudan", "Chad"]]),
 ("Sudanese refugees keep fleeing the fighting. Refugees crossed into Ethiopia at Metema, the main crossing in the north.", [["Metema", "Ethiopia"]]),
 ("From Khartoum, buses take families to the Argeen crossing and then on to Aswan.", [["Khartoum", "Argeen", "Aswan"]]),
 ("Sudanese refugees keep fleeing the fighting. Thousands have walked to the Joda border point to enter South Sudan.", [["Joda", "South Sudan"]]),
 ("Venezuelans walk from Cucuta to Bogota and then on to Ecuador through the Rumichaca bridge.", [["Cucuta", "Bogota", "Rumichaca", "Ecuador"]]),
 ("At the Chacalluta crossing, hundreds of Venezuelans waited to enter Chile from Peru.", [["Peru", "Chacalluta", "Chile"]]),
 ("The family crossed into Brazil at Pacaraima after a long bus ride from Caracas.", [["Caracas", "Pacaraima", "Brazil"]]),
 ("Sudanese arriving in Egypt are registered in Aswan before continuing to Cairo.", [["Sudan", "Aswan", "Cairo"]]),
 ("Slovenian police said 8,000 migrants arrived overnight from Croatia.", [["Croatia", "Slovenia"]]),
 ("Hungary closed its border with Serbia, diverting the flow of migrants to Croatia.", [["Serbia", "Croatia"]]),
 ("Most of those arriving in Lampedusa set off from Sfax in Tunisia.", [["Sfax", "Lampedusa"]]),
 ("The coastguard rescued 43 people off Lesbos and took them to the port of Mytilene.", [["Lesbos", "Mytilene"]]),
 ("Spain's Canary Islands received 39,910 migrants by sea last year, most of them from Senegal and Mali.", [["Senegal", "Canary Islands"], ["Mali", "Canary Islands"]]),
 ("UNHCR said 2,500 refugees cross the border from Sudan into South Sudan every day.", [["Sudan", "South Sudan"]]),
 ("Many Venezuelans continue south through Ecuador to Peru and Chile.", [["Venezuela", "Ecuador", "Peru"], ["Venezuela", "Ecuador", "Chile"]]),
 ("Some 500 people crossed the Channel on Tuesday. After landing in Dover, the migrants were taken to a processing centre in Manston.", [["Dover", "Manston"]]),
 ("Thousands of Syrians are walking along railway tracks from Serbia into Hungary.", [["Serbia", "Hungary"]]),
 ("The boat, which had departed from Kafountine in Senegal, capsized near Tenerife.", [["Kafountine", "Tenerife"]]),
 ("She travelled by bus from Dakar to Nouakchott and boarded a pirogue bound for the Canary Islands.", [["Dakar", "Nouakchott", "Canary Islands"]]),
 ("Afghan migrants tried to cross from Bosnia into Croatia last week. They had been turned back by Croatian police at the border near Bajakovo.", [["Bajakovo"]]),
]

if __name__ == "__main__":
    run(CASES, published="2023-05-10")
