from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "rpl.web.questions"
    label = "questions"
    verbose_name = "Questions to a doctor"
