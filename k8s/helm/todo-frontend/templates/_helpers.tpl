{{/* Names, labels, image and security context come from the todo-lib library chart. */}}
